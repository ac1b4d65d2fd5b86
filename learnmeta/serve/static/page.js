// learnmeta's page: choose a font size that gives the app at least 60 columns (phones included),
// unless the address asks for one (?fontsize=N); give the keyboard to the app as soon as it is
// on the page (no click needed first); wire the "Start again" button.
// It runs before textual.js starts the terminal (that happens on window load).
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
