// Script du site public, sans dépendance ni requête :
// - vérification d'une attestation de référencement, entièrement dans le navigateur : la liste
//   des attestations publiées est incluse dans la page (élément #segur-attestations), le numéro
//   saisi ne quitte pas le poste ;
// - nom accessible de la boîte de dialogue de la recherche du thème (RGAA 7.1), donné ici plutôt
//   qu'en surchargeant le gabarit du thème, que mkdocs-material et Zensical écrivent différemment.
(function () {
  "use strict";

  function nommerDialogues() {
    var dialogues = document.querySelectorAll(
      '[role="dialog"]:not([aria-label]):not([aria-labelledby])');
    Array.prototype.forEach.call(dialogues, function (dialogue) {
      dialogue.setAttribute("aria-label", "Recherche");
    });
  }

  function normaliser(numero) {
    return numero.replace(/\s+/g, "").toUpperCase();
  }

  function base() {
    var config = document.getElementById("__config");
    if (!config) return "..";
    try {
      return JSON.parse(config.textContent).base || "..";
    } catch (erreur) {
      return "..";
    }
  }

  function ligne(parent, libelle, valeur) {
    var terme = document.createElement("dt");
    terme.textContent = libelle;
    var definition = document.createElement("dd");
    definition.textContent = valeur;
    parent.appendChild(terme);
    parent.appendChild(definition);
  }

  function afficher(resultat, numero, attestation) {
    resultat.replaceChildren();
    var titre = document.createElement("p");
    var fort = document.createElement("strong");
    resultat.className = "segur-resultat " + (attestation ? "segur-valide" : "segur-inconnue");
    if (!attestation) {
      fort.textContent = "Attestation inconnue : ";
      titre.appendChild(fort);
      titre.appendChild(document.createTextNode(
        "le numéro « " + numero + " » ne correspond à aucune attestation de référencement " +
        "publiée sur ce site."));
      resultat.appendChild(titre);
      return;
    }
    if (attestation.echue) {
      // Convention terminée (§3.5.3) : l'attestation est connue mais ne vaut plus.
      resultat.className = "segur-resultat segur-inconnue";
      fort.textContent = "Attestation échue : ";
      titre.appendChild(fort);
      titre.appendChild(document.createTextNode(
        "le numéro « " + numero + " » correspond à un référencement dont la convention a pris " +
        "fin le " + attestation.fin_convention + " : la solution n'est plus référencée."));
    } else {
      fort.textContent = "Attestation valide : ";
      titre.appendChild(fort);
      titre.appendChild(document.createTextNode(
        "le numéro « " + numero + " » correspond à une solution référencée."));
    }
    resultat.appendChild(titre);
    var liste = document.createElement("dl");
    ligne(liste, "Éditeur", attestation.editeur);
    ligne(liste, "Solution", attestation.solution);
    ligne(liste, "Version technique", attestation.version_technique);
    ligne(liste, "Version commerciale", attestation.version_commerciale);
    ligne(liste, "Dispositif", attestation.dispositif);
    ligne(liste, "Date de la décision", attestation.date_decision);
    if (attestation.fin_convention) {
      ligne(liste, "Fin de validité de la convention", attestation.fin_convention);
    }
    resultat.appendChild(liste);
    var lien = document.createElement("a");
    lien.href = base() + "/" + attestation.page;
    lien.textContent = "Voir la fiche de la solution";
    resultat.appendChild(lien);
  }

  function initialiser() {
    nommerDialogues();
    var formulaire = document.getElementById("segur-verification");
    var donnees = document.getElementById("segur-attestations");
    if (!formulaire || !donnees) return;
    var attestations = JSON.parse(donnees.textContent);
    var index = {};
    Object.keys(attestations).forEach(function (numero) {
      index[normaliser(numero)] = attestations[numero];
    });
    var champ = document.getElementById("segur-numero");
    var resultat = document.getElementById("segur-resultat");
    formulaire.addEventListener("submit", function (evenement) {
      evenement.preventDefault();
      var numero = normaliser(champ.value);
      if (!numero) {
        resultat.className = "segur-resultat segur-inconnue";
        resultat.textContent = "Saisissez un numéro d'attestation.";
        champ.focus();
        return;
      }
      afficher(resultat, numero, Object.prototype.hasOwnProperty.call(index, numero)
        ? index[numero] : null);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initialiser);
  } else {
    initialiser();
  }
})();
