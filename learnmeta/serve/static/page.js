// learnmeta's page: choose a font size that gives the app at least 60 columns (phones included),
// unless the address asks for one (?fontsize=N); give the keyboard to the app as soon as it is
// on the page (no click needed first); wire the "Start again" button; have screen readers read
// out what the app announces (learnmeta/app/announce.py).
// It runs before textual.js starts the terminal (that happens on window load).

// textual.js (as the server serves it) calls this with xterm.js's terminal once it is open.
// The app, under `learnmeta serve` only, writes "ESC ] 7790 ; words BEL": a short text in words
// ("Right. ..." and the feedback, "Question 2 of 5. ...", the results). It goes into the page's
// live region (role="status", polite) as text only, never as markup; the region is emptied first,
// and filled a moment later, so that the same words said twice are read out twice.
window.learnmetaTerminal = function (terminal) {
  var region = document.getElementById("announce");
  if (!region || !terminal || !terminal.parser) {
    return;
  }
  // A paste is text, never keys. xterm.js (as textual-serve 1.1.3 ships it) puts pasted text
  // between the bracketed-paste marks as it is, so an ESC [ 2 0 1 ~ in it ended the paste early
  // and what followed was read as keys (a Ctrl+Q after it quit the learner's app). Control
  // characters other than tab and line ends are taken out before xterm.js sees the paste. It is
  // cut to MOST_PASTED characters: the page sends it to the server in one message, and one over
  // the server's 64 KiB (a page of text copied whole) closed the learner's session, leaving the
  // last screen on the page answering nothing. No box in the app takes more than 500.
  var MOST_PASTED = 4000;
  if (terminal.element && typeof terminal.paste === "function") {
    terminal.element.addEventListener("paste", function (event) {
      var text = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
      event.preventDefault();
      event.stopPropagation();
      text = String(text || "").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, "");
      if (text.length > MOST_PASTED) {
        text = text.slice(0, MOST_PASTED).replace(/[\ud800-\udbff]$/, "");  // not half a character
      }
      if (text) {
        terminal.paste(text);
      }
    }, true);
  }
  // xterm.js's own live region (assertive) reads out what the app draws after each key: with a
  // whole screen redrawn, "Too much output to announce, navigate to rows manually to read" and
  // then the first 21 rows, padding and all, which cut off and then drowned the app's words.
  // xterm.js 5 (as textual-serve 1.1.3 ships it) has no option for that region alone
  // (screenReaderMode makes both it and the rows), so the page mutes that one element: every
  // screen of learnmeta says what it is and where the focus is through #announce (below). The
  // rows (xterm-accessibility-tree) stay, to read with the screen reader's keys.
  var theirs = terminal.element && terminal.element.querySelector(".xterm-accessibility .live-region");
  if (theirs) {
    theirs.setAttribute("aria-live", "off");
    theirs.setAttribute("aria-hidden", "true");
  }
  var waiting = null;
  terminal.parser.registerOscHandler(7790, function (data) {
    var words = String(data).replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").slice(0, 1000);
    if (waiting !== null) {  // two at once: both are read out, in order
      waiting = (waiting + " " + words).slice(0, 2000);
      return true;
    }
    waiting = words;
    region.textContent = "";
    setTimeout(function () {
      region.textContent = waiting;
      waiting = null;
    }, 100);
    return true;
  });
};

document.addEventListener("DOMContentLoaded", function () {
  var terminal = document.getElementById("terminal");
  if (terminal && terminal.dataset.fontSize === "0") {
    // Roboto Mono's characters are about 0.6 of the font size wide.
    var fit = Math.floor(window.innerWidth / (60 * 0.6));
    terminal.dataset.fontSize = String(Math.max(8, Math.min(16, fit)));
  }
  var restart = document.getElementById("restart");
  if (restart) {
    restart.addEventListener("click", function () {
      window.location.reload();
    });
  }
});

window.addEventListener("load", function () {
  var tries = 0;
  function focusTerminal() {
    var keys = document.querySelector(".xterm-helper-textarea");
    if (keys) {
      keys.focus();
    } else if (tries++ < 100) {
      setTimeout(focusTerminal, 50);
    }
  }
  setTimeout(focusTerminal, 0);
});
