/* Baraza learning package: quizzes and knowledge checks scored in the browser.
 *
 * Part of the offline and SCORM exports (never served by the site itself). Plain ES5, no
 * modules, no network: the pages work from file://. Without JavaScript the answers stay in
 * <details>; with it, "Check" marks each question and shows the feedback.
 *
 * Inside the SCORM launch page (launch.html, assets/scorm.js) the parent window offers
 * window.BarazaSCO: this script tells it which page was visited and what each quiz or test
 * scored, and the launch page reports to the learning platform.
 */
(function () {
  "use strict";

  var messages = window.BARAZA_MESSAGES || {};

  function say(name, values) {
    var text = messages[name] || "";
    for (var key in values) {
      if (Object.prototype.hasOwnProperty.call(values, key)) {
        text = text.split("{" + key + "}").join(String(values[key]));
      }
    }
    return text;
  }

  function tracker() {
    try {
      if (window.parent && window.parent !== window && window.parent.BarazaSCO) {
        return window.parent.BarazaSCO;
      }
    } catch (e) {
      // A parent from another origin: no tracking.
    }
    return null;
  }

  function each(list, fn) {
    for (var i = 0; i < list.length; i += 1) {
      fn(list[i], i);
    }
  }

  /* One question: right when the chosen options are exactly the right ones. */
  function mark(fieldset, showVerdict) {
    var inputs = fieldset.querySelectorAll("input");
    var chosen = 0;
    var right = true;
    each(inputs, function (input) {
      var correct = input.getAttribute("data-correct") === "1";
      if (input.checked) {
        chosen += 1;
      }
      if (input.checked !== correct) {
        right = false;
      }
      var feedback = input.parentNode.querySelector(".option-feedback");
      if (feedback) {
        feedback.hidden = !(showVerdict && input.checked);
      }
    });
    var verdict = fieldset.querySelector(".verdict");
    var answer = fieldset.querySelector("details.answer");
    if (showVerdict) {
      fieldset.className = "question " + (right ? "right" : "wrong");
      verdict.textContent = say(right ? "right" : "wrong", {});
      verdict.hidden = false;
      answer.hidden = false;
      answer.open = true;
    }
    return { answered: chosen > 0, right: right };
  }

  function check(form, event) {
    event.preventDefault();
    var questions = form.querySelectorAll("fieldset.question");
    var result = form.querySelector(".result");
    var unanswered = false;
    each(questions, function (fieldset) {
      if (!mark(fieldset, false).answered) {
        unanswered = true;
      }
    });
    if (unanswered) {
      result.textContent = say("unanswered", {});
      result.hidden = false;
      return;
    }
    var correct = 0;
    each(questions, function (fieldset) {
      if (mark(fieldset, true).right) {
        correct += 1;
      }
    });
    var total = questions.length;
    var kind = form.getAttribute("data-kind");
    if (kind === "check") {
      result.textContent = "";
      result.hidden = true;
      return;
    }
    var percent = Math.floor((100 * correct) / total);
    var text = say("score", { correct: correct, total: total, percent: percent });
    var pass = form.getAttribute("data-pass");
    if (kind === "quiz" && pass !== null) {
      var passed = (100 * correct) / total >= Number(pass);
      text += " " + say(passed ? "passed" : "failed", { mark: pass });
    }
    result.textContent = text;
    result.hidden = false;
    var sco = tracker();
    if (sco) {
      sco.scored(kind, form.getAttribute("data-key"), correct, total);
    }
  }

  function start() {
    document.documentElement.className += " js";
    each(document.querySelectorAll("form.questions"), function (form) {
      each(form.querySelectorAll("details.answer"), function (details) {
        details.hidden = true;
      });
      each(form.querySelectorAll("button[type=submit]"), function (button) {
        button.hidden = false;
      });
      form.addEventListener("submit", function (event) {
        check(form, event);
      });
    });
    var sco = tracker();
    if (sco) {
      var body = document.body;
      sco.visited(
        body.getAttribute("data-page"),
        body.getAttribute("data-key"),
        body.getAttribute("data-file")
      );
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
