/* Baraza learning package: the SCORM 1.2 run-time of launch.html (the package's one SCO).
 *
 * Part of the SCORM export (never served by the site itself). Plain ES5, no network.
 *
 * The launch page holds the package's pages in an iframe and stays loaded while the learner
 * moves between them, so the SCO initialises once and finishes once:
 *
 * 1. Find the platform's API: SCORM 1.2's discovery, through window.parent up to 7 levels,
 *    then the opener's windows. No API: the pages still work, nothing is reported.
 * 2. LMSInitialize(""); read cmi.suspend_data (visited lessons, quiz and test scores) and
 *    cmi.core.lesson_location (the page to resume at), and open that page.
 * 3. The pages (assets/package.js) call window.BarazaSCO.visited(...) and .scored(...). After
 *    each, the share of module-quiz answers right goes to cmi.core.score.raw (0-100; a quiz not
 *    taken counts as none right; nothing before the first quiz), and
 *    cmi.core.lesson_status becomes "passed" or "failed" once every module quiz is taken and
 *    enough lessons were visited (passed: every quiz at the pass mark or better), "completed"
 *    for a package without quizzes, else "incomplete"; then LMSCommit("").
 * 4. On leaving: cmi.core.exit, cmi.core.session_time, LMSCommit(""), LMSFinish("").
 *
 * cmi.suspend_data: "v:<lesson key>,...;q:<module key>=<right>/<total>,...;t:pre=1/2,post=2/2".
 */
(function () {
  "use strict";

  var SAFE_PAGE = /^[A-Za-z0-9-]+\.html$/;
  var SAFE_KEY = /^[A-Za-z0-9]+$/;

  function findAPI(win) {
    var tries = 0;
    try {
      while (!win.API && win.parent && win.parent !== win) {
        tries += 1;
        if (tries > 7) {
          return null;
        }
        win = win.parent;
      }
      return win.API || null;
    } catch (e) {
      return null; // a window of another origin on the way
    }
  }

  function getAPI() {
    var api = findAPI(window);
    if (!api && window.opener) {
      api = findAPI(window.opener);
    }
    return api;
  }

  var api = null;
  var course = { lessons: [], quizzes: [], passMark: 100, visitShare: 100 };
  var state = { v: {}, q: {}, t: {} };
  var resumeAt = "";
  var started = null;
  var ready = false;
  var finished = false;

  function get(name) {
    return api ? String(api.LMSGetValue(name) || "") : "";
  }

  function set(name, value) {
    if (api) {
      api.LMSSetValue(name, String(value));
    }
  }

  function parseScore(text) {
    var parts = /^(\d+)\/(\d+)$/.exec(text || "");
    if (!parts) {
      return null;
    }
    var right = Number(parts[1]);
    var total = Number(parts[2]);
    return total > 0 && right <= total ? [right, total] : null;
  }

  function load(text) {
    var loaded = { v: {}, q: {}, t: {} };
    var sections = (text || "").split(";");
    for (var i = 0; i < sections.length; i += 1) {
      var name = sections[i].slice(0, 1);
      var entries = sections[i].slice(2).split(",");
      if (sections[i].charAt(1) !== ":" || !loaded[name]) {
        continue;
      }
      for (var j = 0; j < entries.length; j += 1) {
        var pair = entries[j].split("=");
        if (!SAFE_KEY.test(pair[0])) {
          continue;
        }
        if (name === "v") {
          loaded.v[pair[0]] = true;
        } else if (parseScore(pair[1])) {
          loaded[name][pair[0]] = parseScore(pair[1]);
        }
      }
    }
    return loaded;
  }

  function dump() {
    var visited = [];
    var parts = { q: [], t: [] };
    for (var key in state.v) {
      if (Object.prototype.hasOwnProperty.call(state.v, key)) {
        visited.push(key);
      }
    }
    for (var name in parts) {
      if (Object.prototype.hasOwnProperty.call(parts, name)) {
        for (var k in state[name]) {
          if (Object.prototype.hasOwnProperty.call(state[name], k)) {
            parts[name].push(k + "=" + state[name][k][0] + "/" + state[name][k][1]);
          }
        }
      }
    }
    return "v:" + visited.join(",") + ";q:" + parts.q.join(",") + ";t:" + parts.t.join(",");
  }

  /* The score and status the state gives: {raw (or null), status}. */
  function outcome() {
    var lessons = course.lessons;
    var visited = 0;
    for (var i = 0; i < lessons.length; i += 1) {
      if (state.v[lessons[i]]) {
        visited += 1;
      }
    }
    var share = lessons.length ? (100 * visited) / lessons.length : 100;
    var right = 0;
    var total = 0;
    var taken = true;
    var anyTaken = false;
    var passed = true;
    for (var j = 0; j < course.quizzes.length; j += 1) {
      var quiz = course.quizzes[j];
      var score = state.q[quiz.key];
      total += quiz.total;
      if (!score) {
        taken = false;
        continue;
      }
      anyTaken = true;
      right += score[0];
      if ((100 * score[0]) / score[1] < course.passMark) {
        passed = false;
      }
    }
    var status = "incomplete";
    if (share >= course.visitShare && taken) {
      if (!course.quizzes.length) {
        status = "completed";
      } else {
        status = passed ? "passed" : "failed";
      }
    }
    // The score counts every module quiz (one not taken yet scores 0), once one is taken.
    return { raw: anyTaken ? Math.floor((100 * right) / total) : null, status: status };
  }

  function report() {
    if (!api) {
      return;
    }
    var result = outcome();
    if (result.raw !== null) {
      set("cmi.core.score.min", "0");
      set("cmi.core.score.max", "100");
      set("cmi.core.score.raw", result.raw);
    }
    set("cmi.core.lesson_status", result.status);
    set("cmi.suspend_data", dump());
    if (resumeAt) {
      set("cmi.core.lesson_location", resumeAt);
    }
    api.LMSCommit("");
  }

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) {
      text = "0" + text;
    }
    return text;
  }

  function finish() {
    if (!api || finished || !ready) {
      return;
    }
    finished = true;
    report();
    var seconds = Math.max(0, Math.round((new Date().getTime() - started) / 1000));
    var time =
      pad(Math.min(9999, Math.floor(seconds / 3600)), 4) +
      ":" +
      pad(Math.floor(seconds / 60) % 60, 2) +
      ":" +
      pad(seconds % 60, 2);
    var status = outcome().status;
    set("cmi.core.exit", status === "incomplete" || status === "failed" ? "suspend" : "");
    set("cmi.core.session_time", time);
    api.LMSCommit("");
    api.LMSFinish("");
  }

  function start() {
    if (ready) {
      return;
    }
    ready = true;
    started = new Date().getTime();
    try {
      course = JSON.parse(document.body.getAttribute("data-course"));
    } catch (e) {
      // keep the defaults
    }
    api = getAPI();
    if (api && String(api.LMSInitialize("")) !== "true") {
      api = null;
    }
    if (api) {
      state = load(get("cmi.suspend_data"));
      var saved = get("cmi.core.lesson_location");
      resumeAt = SAFE_PAGE.test(saved) ? saved : "";
      if (get("cmi.core.lesson_status") === "not attempted") {
        set("cmi.core.lesson_status", "incomplete");
      }
    }
    var frame = document.getElementById("content");
    frame.src = resumeAt || "index.html";
  }

  window.BarazaSCO = {
    visited: function (kind, key, page) {
      if (SAFE_PAGE.test(page || "")) {
        resumeAt = page;
      }
      if (kind === "lesson" && SAFE_KEY.test(key || "")) {
        state.v[key] = true;
      }
      report();
    },
    scored: function (kind, key, right, total) {
      var score = parseScore(right + "/" + total);
      if (!score || !SAFE_KEY.test(key || "")) {
        return;
      }
      if (kind === "quiz") {
        state.q[key] = score;
      } else if (kind === "pre" || kind === "post") {
        state.t[kind] = score;
      }
      report();
    },
    outcome: outcome,
    api: function () {
      return api;
    },
  };

  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
