"""The referencing badge and the window in which the logo may be used (§3.5.3): from the day
both parties have signed the convention until the end of the convention, whose duration is
that of the dispositif's REM header (`duree_convention_mois`), both days included.

The badge is a small SVG of our own, not the ANS logo: it names the dispositif, the
attestation number and the end of validity, so that anyone can check it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from segur.lifecycle.analysis import Cycle, Etat
from segur.lifecycle.progress import fr


@dataclass(frozen=True, slots=True)
class LogoWindow:
    debut: dt.date
    fin: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.debut <= day <= self.fin


def logo_window(cycle: Cycle) -> LogoWindow | None:
    """None until both parties have signed an attributed convention."""
    if cycle.etat is not Etat.REFERENCEE or cycle.date_signature is None:
        return None
    if cycle.fin_convention is None:
        return None
    return LogoWindow(cycle.date_signature, cycle.fin_convention)


def refusal(cycle: Cycle, today: dt.date) -> str | None:
    """Why the logo may not be used on `today` (French), or None when it may."""
    window = logo_window(cycle)
    if window is None:
        return (
            f"logo non utilisable : la candidature est « {cycle.etat} » ; il ne l'est qu'à "
            "compter de la signature de la convention par l'éditeur et par l'ANS (§3.5.3)"
        )
    if today < window.debut:
        return (
            f"logo non utilisable avant le {fr(window.debut)}, date de la signature par les "
            "deux parties (§3.5.3)"
        )
    if today > window.fin:
        return f"logo non utilisable : la convention a pris fin le {fr(window.fin)} (§3.5.3)"
    return None


def _width(text: str) -> int:
    return 12 + int(len(text) * 6.6)


def badge_svg(cycle: Cycle, example: bool) -> str:
    """A two-part badge: "Référencé Ségur" and the dispositif with the end of validity."""
    window = logo_window(cycle)
    if window is None:
        raise ValueError("pas de fenêtre d'utilisation du logo")
    left = "Référencé Ségur"
    right = f"{cycle.dispositif} · jusqu'au {fr(window.fin)}"
    if example:
        right += " · EXEMPLE FICTIF"
    lw, rw = _width(left), _width(right)
    total = lw + rw
    title = (
        f"{left} {cycle.dispositif} - attestation {cycle.numero_attestation} - valide du "
        f"{fr(window.debut)} au {fr(window.fin)}"
    )
    colour = "#b34000" if example else "#18753c"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{escape(title, {chr(34): "&quot;"})}">\n'
        f"  <title>{escape(title)}</title>\n"
        f'  <rect width="{lw}" height="20" fill="#000091"/>\n'
        f'  <rect x="{lw}" width="{rw}" height="20" fill="{colour}"/>\n'
        '  <g fill="#fff" font-family="DejaVu Sans,Verdana,sans-serif" font-size="11">\n'
        f'    <text x="6" y="14">{escape(left)}</text>\n'
        f'    <text x="{lw + 6}" y="14">{escape(right)}</text>\n'
        "  </g>\n"
        "</svg>\n"
    )
