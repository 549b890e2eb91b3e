/*
 * Progressive enhancement for the personnummer warning of the staff forms (templates/staff/partials/field.html):
 * "Maskera och spara" wraps the numbers in [[ ]] in the field itself before the form is sent, so the secretary sees
 * the brackets she is saving. Without JavaScript the server does the same wrapping (meetings/forms/personal_data.py);
 * text already wrapped here is left alone there.
 */
(function () {
  "use strict";

  var OPEN = "[[";
  var CLOSE = "]]";

  function wrap(value, number) {
    var result = "";
    var position = 0;
    var found;
    while ((found = value.indexOf(number, position)) !== -1) {
      var before = value.slice(0, found);
      // Inside an open marker (more "[[" than "]]" before it) the number is masked already.
      var inside = before.split(OPEN).length > before.split(CLOSE).length;
      result += value.slice(position, found) + (inside ? number : OPEN + number + CLOSE);
      position = found + number.length;
    }
    return result + value.slice(position);
  }

  function numbers(button) {
    var list = [];
    for (var index = 1; button.hasAttribute("data-number-" + index); index += 1) {
      list.push(button.getAttribute("data-number-" + index));
    }
    return list;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-mask-field]") : null;
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("data-mask-field"));
    if (!field) { return; }
    var value = field.value;
    numbers(button).forEach(function (number) { value = wrap(value, number); });
    field.value = value;
  });
})();
