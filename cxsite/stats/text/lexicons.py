"""Sentiment lexicons (valence -4..+4, in the style of VADER) for customer comments.

English is the fullest; Spanish, French, Polish and Welsh are short lists of the words
customers use most about service. Polish uses stems (prefix match, longest wins) because
of its inflection; Welsh lists the mutated forms that follow "yn" (da -> dda, gwych ->
wych). Valences follow VADER's scale (Hutto & Gilbert 2014) where the word exists there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["EMOJI", "LEXICONS", "Lexicon"]


@dataclass(frozen=True)
class Lexicon:
    """Words and rules for one language."""

    words: dict[str, float]
    negators: frozenset[str]
    boosters: frozenset[str]
    dampeners: frozenset[str]
    contrast: frozenset[str]
    stems: dict[str, float] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], float] = field(default_factory=dict)
    post_boosters: frozenset[str] = frozenset()
    negation_suffixes: tuple[str, ...] = ()
    negation_prefixes: tuple[str, ...] = ()


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _parse(text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in text.split():
        word, value = item.rsplit(":", 1)
        out[word] = float(value)
    return out


EMOJI: dict[str, float] = {
    "😡": -3.0,
    "😠": -2.5,
    "🤬": -3.5,
    "👎": -2.0,
    "😞": -2.0,
    "😢": -2.0,
    "😭": -2.2,
    "😤": -2.0,
    "🙄": -1.5,
    "😕": -1.3,
    "😒": -1.5,
    "💔": -2.5,
    "😩": -2.2,
    "😫": -2.2,
    "👍": 2.0,
    "🙏": 1.5,
    "⭐": 1.2,
    "🌟": 2.0,
    "😊": 2.2,
    "🙂": 1.5,
    "😀": 2.0,
    "😃": 2.0,
    "😄": 2.2,
    "😁": 2.2,
    "❤": 3.0,
    "💯": 2.0,
    "👏": 2.0,
    "🎉": 2.0,
    "😍": 3.0,
    "🥰": 3.0,
    ":)": 2.0,
    ":-)": 2.0,
    ";)": 1.5,
    ";-)": 1.5,
    ":D": 2.5,
    ":-D": 2.5,
    "<3": 3.0,
    ":(": -2.0,
    ":-(": -2.0,
}

_EN_WORDS = _parse(
    """
    excellent:3.2 great:3.1 good:1.9 brilliant:3.0 fantastic:3.3 amazing:3.0 superb:3.2
    outstanding:3.3 wonderful:3.0 perfect:3.0 love:3.2 loved:3.0 lovely:2.8 happy:2.7
    pleased:2.2 satisfied:2.0 delighted:3.0 helpful:2.2 friendly:2.2 polite:1.8 kind:2.0
    courteous:2.0 professional:1.6 efficient:1.8 quick:1.5 quickly:1.3 fast:1.4 easy:1.9
    easily:1.5 simple:1.2 smooth:1.6 seamless:2.0 painless:1.8 clear:1.3
    straightforward:1.5 reliable:1.8 recommend:2.0 recommended:2.0 thanks:1.9 thank:1.5
    thankful:2.0 grateful:2.3 appreciate:2.0 appreciated:2.0 impressed:2.4
    impressive:2.4 best:3.0 better:1.9 nice:1.8 fair:1.3 reasonable:1.2 resolved:1.5
    sorted:1.2 fixed:1.2 patient:1.5 caring:2.0 reassuring:2.0 reassured:1.8
    knowledgeable:1.8 informative:1.5 prompt:1.6 promptly:1.5 responsive:1.6 super:2.5
    awesome:3.1 fab:2.5 fabulous:3.0 first-class:2.8 spot-on:2.5 hassle-free:2.0
    glad:2.0 ok:0.9 okay:0.9 fine:0.8 relieved:1.8 wow:2.0 well-informed:1.5
    understanding:1.5 empathetic:1.8
    bad:-2.5 poor:-2.1 poorly:-1.8 badly:-2.0 terrible:-3.1 awful:-3.1 horrible:-3.0
    dreadful:-3.0 appalling:-3.3 shocking:-2.7 disgraceful:-3.2 disgusting:-3.2
    useless:-2.5 pointless:-2.0 hopeless:-2.5 rubbish:-2.5 worst:-3.1 worse:-2.1
    rude:-2.5 unhelpful:-2.2 unprofessional:-2.3 incompetent:-2.8 slow:-1.5 slowly:-1.0
    delay:-1.4 delayed:-1.5 delays:-1.4 wait:-0.5 waiting:-0.6 waited:-0.6
    confusing:-1.8 confused:-1.5 complicated:-1.4 difficult:-1.5 frustrating:-2.2
    frustrated:-2.2 frustration:-2.1 annoying:-2.0 annoyed:-2.0 angry:-2.7 furious:-3.2
    upset:-2.0 disappointed:-2.1 disappointing:-2.2 disappointment:-2.2 unhappy:-2.0
    dissatisfied:-2.1 complaint:-1.4 complain:-1.4 problem:-1.4 problems:-1.4 issue:-1.0
    issues:-1.0 error:-1.3 errors:-1.3 mistake:-1.6 mistakes:-1.5 wrong:-1.8
    broken:-1.8 failed:-2.0 fail:-2.0 failure:-2.2 lost:-1.5 ignored:-2.2
    ridiculous:-2.5 nightmare:-3.0 hassle:-1.8 stress:-1.8 stressful:-2.2
    expensive:-1.2 overpriced:-2.0 overcharged:-2.3 unfair:-2.1 cancelled:-1.2
    chase:-1.2 chasing:-1.5 chased:-1.2 lie:-2.5 lied:-2.8 lies:-2.5 scam:-3.3
    joke:-1.5 misleading:-2.2 unacceptable:-2.8 hate:-2.7 hated:-2.7 worried:-1.8
    worry:-1.5 anxious:-1.8 impossible:-1.8 unclear:-1.4 pathetic:-3.0 shambles:-3.0
    nightmarish:-3.0 clueless:-2.3 dismissive:-2.3 patronising:-2.5 patronizing:-2.5
    waste:-2.0 wasted:-2.0 fobbed:-2.3 mess:-2.0 sucks:-2.5 crap:-2.8 disaster:-3.1
    """
)

_EN_PHRASES: dict[tuple[str, ...], float] = {
    ("hassle", "free"): 2.0,
    ("well", "done"): 2.2,
    ("top", "notch"): 3.0,
    ("above", "and", "beyond"): 3.0,
    ("over", "the", "moon"): 3.0,
    ("let", "down"): -2.0,
    ("let", "me", "down"): -2.0,
    ("fobbed", "off"): -2.5,
    ("kept", "waiting"): -2.0,
    ("on", "hold"): -1.2,
    ("cut", "off"): -1.5,
    ("waste", "of", "time"): -2.5,
    ("no", "one"): -1.0,
    ("not", "bad"): 1.5,
}

_EN = Lexicon(
    words=_EN_WORDS,
    negators=_set(
        "not no never none nobody nothing neither nor without hardly barely cannot dont "
        "didnt wasnt isnt cant wont couldnt wouldnt shouldnt doesnt arent werent havent "
        "hasnt hadnt aint"
    ),
    boosters=_set(
        "very really extremely so incredibly absolutely totally completely utterly truly "
        "highly exceptionally particularly especially deeply hugely massively too most "
        "seriously"
    ),
    dampeners=_set("slightly somewhat bit fairly quite rather kinda marginally"),
    contrast=frozenset({"but", "however", "although", "though"}),
    phrases=_EN_PHRASES,
    negation_suffixes=("n't",),
)

_ES = Lexicon(
    words=_parse(
        """
        excelente:3.2 bueno:1.9 buena:1.9 buenos:1.9 buenas:1.9 bien:1.5 genial:3.0
        perfecto:3.0 perfecta:3.0 rápido:1.5 rapido:1.5 rápida:1.5 rapida:1.5
        rápidamente:1.3 fácil:1.8 facil:1.8 amable:2.2 amables:2.2 gracias:1.8
        encantado:2.5 encantada:2.5 contento:2.2 contenta:2.2 satisfecho:2.0
        satisfecha:2.0 recomiendo:2.0 útil:1.8 util:1.8 eficiente:1.8 maravilloso:3.0
        estupendo:3.0 increíble:2.8 mejor:1.9 profesional:1.6 agradecido:2.2
        agradecida:2.2 atento:2.0 atenta:2.0
        malo:-2.5 mala:-2.5 malos:-2.5 malas:-2.5 mal:-2.0 pésimo:-3.2 pesimo:-3.2
        pésima:-3.2 terrible:-3.0 horrible:-3.0 lento:-1.5 lenta:-1.5 difícil:-1.5
        dificil:-1.5 complicado:-1.4 problema:-1.4 problemas:-1.4 error:-1.3
        decepcionado:-2.1 decepcionada:-2.1 decepción:-2.2 enfadado:-2.5 enfadada:-2.5
        molesto:-2.0 molesta:-2.0 inútil:-2.5 inutil:-2.5 vergüenza:-2.8 espera:-0.6
        esperando:-0.8 retraso:-1.5 caro:-1.2 peor:-2.1 desastre:-3.0 fatal:-3.0
        maleducado:-2.5 grosero:-2.5 grosera:-2.5 queja:-1.4 estafa:-3.3
        """
    ),
    negators=_set("no nunca jamás jamas ni sin tampoco nada ningún ninguna"),
    boosters=_set(
        "muy super súper demasiado totalmente realmente increíblemente tan mucho extremadamente"
    ),
    dampeners=_set("algo poco ligeramente bastante"),
    contrast=frozenset({"pero", "aunque"}),
)

_FR = Lexicon(
    words=_parse(
        """
        excellent:3.2 excellente:3.2 bon:1.9 bonne:1.9 bons:1.9 bonnes:1.9 bien:1.5
        génial:3.0 genial:3.0 géniale:3.0 parfait:3.0 parfaite:3.0 rapide:1.5
        rapidement:1.3 facile:1.8 aimable:2.2 aimables:2.2 sympathique:2.0 sympa:2.0
        merci:1.8 content:2.2 contente:2.2 satisfait:2.0 satisfaite:2.0 ravi:2.8
        ravie:2.8 recommande:2.0 utile:1.8 efficace:1.8 super:2.5 top:2.5 meilleur:1.9
        professionnel:1.6 agréable:2.0 formidable:3.0 impeccable:3.0
        mauvais:-2.5 mauvaise:-2.5 nul:-2.8 nulle:-2.8 horrible:-3.0 terrible:-2.5
        lent:-1.5 lente:-1.5 difficile:-1.5 compliqué:-1.4 problème:-1.4
        problèmes:-1.4 erreur:-1.3 déçu:-2.1 déçue:-2.1 déception:-2.2 énervé:-2.2
        inutile:-2.2 honteux:-2.8 honte:-2.5 attente:-0.8 retard:-1.5 cher:-1.2
        chère:-1.2 pire:-2.8 catastrophe:-3.0 scandaleux:-3.0 inadmissible:-3.0
        lamentable:-3.0 incompétent:-2.8 impoli:-2.3 désagréable:-2.2 arnaque:-3.3
        """
    ),
    negators=_set("ne n pas jamais aucun aucune sans rien ni personne"),
    boosters=_set("très trop vraiment super tellement extrêmement totalement hyper si vachement"),
    dampeners=_set("peu plutôt assez légèrement"),
    contrast=frozenset({"mais", "cependant", "pourtant"}),
    negation_prefixes=("n'",),
)

_PL = Lexicon(
    words=_parse(
        """
        zły:-2.5 zła:-2.5 złe:-2.5 źle:-2.5 super:2.5 dzięki:1.5 ok:0.8 spoko:1.5
        """
    ),
    stems=_parse(
        """
        dobr:1.9 świetn:3.0 swietn:3.0 doskonał:3.2 wspaniał:3.0 znakomit:3.0
        idealn:3.0 szybk:1.5 łatw:1.8 latw:1.8 uprzejm:2.2 mił:2.0 pomocn:2.2
        profesjonaln:1.6 polec:2.0 dziękuj:1.8 dziekuj:1.8 zadowol:2.0 sprawn:1.6
        rewelac:3.0 fajn:2.0 najlepsz:3.0 lepsz:1.9
        fataln:-3.0 okropn:-3.0 beznadziejn:-3.0 tragiczn:-3.0 koszmar:-3.0
        woln:-1.5 trudn:-1.5 skomplikowan:-1.4 problem:-1.4 błąd:-1.3 błęd:-1.3
        rozczarow:-2.1 zawiedzion:-2.1 zdenerwowan:-2.2 niemił:-2.3 nieuprzejm:-2.5
        niezadowol:-2.1 bezużyteczn:-2.5 skandal:-3.0 opóźni:-1.5 gorsz:-2.1
        najgorsz:-3.1 żenując:-2.8 porażk:-2.8 niekompetentn:-2.8 oszust:-3.3
        niepomocn:-2.2 wkurz:-2.5 czekan:-0.6 czeka:-0.6
        """
    ),
    negators=_set("nie nigdy bez ani żaden żadna"),
    boosters=_set(
        "bardzo naprawdę naprawde strasznie niesamowicie totalnie zbyt całkowicie "
        "wyjątkowo ogromnie"
    ),
    dampeners=_set("trochę troche nieco dość dosc"),
    contrast=frozenset({"ale", "jednak", "lecz"}),
)

_CY = Lexicon(
    words=_parse(
        """
        da:1.9 dda:1.9 gwych:3.0 wych:3.0 ardderchog:3.2 bendigedig:3.0 fendigedig:3.0
        grêt:2.5 gret:2.5 diolch:1.8 hapus:2.2 cyflym:1.5 gyflym:1.5 hawdd:1.8
        defnyddiol:1.8 ddefnyddiol:1.8 cyfeillgar:2.2 gyfeillgar:2.2 caredig:2.0
        garedig:2.0 clên:2.0 clen:2.0 glên:2.0 glen:2.0 effeithlon:1.8 proffesiynol:1.6
        broffesiynol:1.6 argymell:2.0 perffaith:3.0 berffaith:3.0 hyfryd:2.8 gorau:3.0
        gwell:1.9 well:1.9 bodlon:2.0 fodlon:2.0 cymwynasgar:2.2 gymwynasgar:2.2
        gwael:-2.3 wael:-2.3 ofnadwy:-3.0 drwg:-2.5 ddrwg:-2.5 araf:-1.5 anodd:-1.5
        cymhleth:-1.4 gymhleth:-1.4 problem:-1.4 problemau:-1.4 siomedig:-2.1 siom:-2.1
        anhapus:-2.0 anfodlon:-2.1 rhwystredig:-2.2 rwystredig:-2.2 annerbyniol:-2.8
        gwaeth:-2.1 waeth:-2.1 gwaethaf:-3.1 hwyr:-1.0 aros:-0.5 anghwrtais:-2.5
        diwerth:-2.5 ddiwerth:-2.5 dig:-2.0 blin:-1.5 flin:-1.5 camgymeriad:-1.6
        """
    ),
    negators=_set("ddim nid dim heb byth na nac"),
    boosters=_set("rhy mor hynod eithriadol gwirioneddol wirioneddol"),
    dampeners=_set("eithaf braidd gweddol"),
    contrast=frozenset({"ond", "er"}),
    post_boosters=frozenset({"iawn"}),
)

LEXICONS: dict[str, Lexicon] = {"en": _EN, "es": _ES, "fr": _FR, "pl": _PL, "cy": _CY}
