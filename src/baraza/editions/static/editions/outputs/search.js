/* Search in the offline edition: the records of the page's language whose words contain every
   word typed, accents and case ignored. The index (search-index.js) sets BARAZA_SEARCH, as
   browsers do not let a page opened from file:// fetch a JSON file. */
(function () {
  "use strict";
  var form = document.getElementById("search");
  var index = window.BARAZA_SEARCH;
  if (!form || !index) { return; }
  var language = document.documentElement.lang;
  var entries = index[language] || [];
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var LIMIT = 100;

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae").replace(/\u00df/g, "ss");
  }

  function search() {
    var words = fold(input.value).split(/[^0-9a-z]+/).filter(Boolean);
    results.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var found = entries.filter(function (entry) {
      return words.every(function (word) { return entry.text.indexOf(word) !== -1; });
    });
    status.textContent = found.length
      ? status.dataset.some.replace("%(n)s", String(found.length))
      : status.dataset.none;
    found.slice(0, LIMIT).forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.title;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" " + entry.id));
      results.appendChild(item);
    });
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  input.addEventListener("input", search);
})();
