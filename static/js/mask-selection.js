/*
 * Progressive enhancement for the protocol paragraph form: a "Maskera markerad text" button under every textarea
 * marked data-masking, wrapping the selected text in [[ ]] so it is masked when published. Without JavaScript the
 * button never exists and the secretary types the brackets; the server treats both the same.
 */
(function () {
  "use strict";

  var OPEN = "[[";
  var CLOSE = "]]";

  function wrapSelection(textarea, status) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var value = textarea.value;
    // A double-clicked word often brings its trailing space along; the brackets belong around the word only.
    while (end > start && /\s/.test(value.charAt(end - 1))) { end -= 1; }
    while (start < end && /\s/.test(value.charAt(start))) { start += 1; }
    if (start === end) {
      status.textContent = "Markera först texten som ska maskeras, till exempel ett namn.";
      textarea.focus();
      return;
    }
    var selected = value.slice(start, end);
    if (selected.indexOf(OPEN) !== -1 || selected.indexOf(CLOSE) !== -1) {
      status.textContent = "Den markerade texten innehåller redan [[ eller ]]. Markera bara det som ska maskeras.";
      textarea.focus();
      return;
    }
    textarea.value = value.slice(0, start) + OPEN + selected + CLOSE + value.slice(end);
    textarea.focus();
    textarea.setSelectionRange(start, end + OPEN.length + CLOSE.length);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    status.textContent = "”" + selected + "” maskeras när protokollet publiceras.";
  }

  function enhance(textarea) {
    var tool = document.createElement("div");
    tool.className = "mask-tool";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button--secondary";
    button.textContent = "Maskera markerad text";
    button.setAttribute("aria-controls", textarea.id);
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      // "Maskera markerad text i Beslut": each button says which field it works on.
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = " i " + label.childNodes[0].textContent.trim();
      button.appendChild(hidden);
    }
    var status = document.createElement("p");
    status.className = "mask-tool__status";
    status.setAttribute("role", "status");
    // Keep the selection in the textarea: a mouse press on the button would otherwise take the focus first.
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    button.addEventListener("click", function () { wrapSelection(textarea, status); });
    tool.appendChild(button);
    tool.appendChild(status);
    textarea.insertAdjacentElement("afterend", tool);
  }

  document.querySelectorAll("textarea[data-masking]").forEach(enhance);
})();
