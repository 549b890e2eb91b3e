/*
 * Progressive enhancement for the vote form (templates/staff/votes/vote_form.html): while the secretary marks each
 * member's Ja / Nej / Avstår, a line under the counts tells the running tally, and a button copies it into the three
 * count fields. Without JavaScript the counts are typed; the server checks them against the ballots either way.
 */
(function () {
  "use strict";

  var CHOICES = ["yes", "no", "abstain"];
  var FIELDS = { yes: "id_yes_count", no: "id_no_count", abstain: "id_abstain_count" };

  function tally(form) {
    var counts = { yes: 0, no: 0, abstain: 0 };
    var chosen = form.querySelectorAll("input[type=radio][name^='ballot_']:checked");
    for (var i = 0; i < chosen.length; i += 1) {
      if (CHOICES.indexOf(chosen[i].value) !== -1) { counts[chosen[i].value] += 1; }
    }
    return counts;
  }

  function enhance(form) {
    var line = form.querySelector("[data-vote-tally]");
    if (!line || !form.querySelector("input[type=radio][name^='ballot_']")) { return; }
    var serving = parseInt(form.getAttribute("data-serving"), 10) || 0;
    var text = document.createElement("span");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button--secondary";
    button.textContent = "Fyll i antalen från rösterna";
    line.appendChild(text);
    line.appendChild(document.createTextNode(" "));
    line.appendChild(button);
    line.hidden = false;

    function update() {
      var counts = tally(form);
      var given = counts.yes + counts.no + counts.abstain;
      text.textContent = "Enligt rösterna: " + counts.yes + " ja, " + counts.no + " nej, " + counts.abstain +
        " avstår. " + given + " av " + serving + " har röstat.";
    }

    button.addEventListener("click", function () {
      var counts = tally(form);
      CHOICES.forEach(function (choice) {
        var input = document.getElementById(FIELDS[choice]);
        if (input) { input.value = String(counts[choice]); }
      });
      update();
    });
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name && event.target.name.indexOf("ballot_") === 0) { update(); }
    });
    update();
  }

  document.querySelectorAll("form[data-vote-form]").forEach(enhance);
})();
