"""Stop words for English, Spanish, French, Polish, Welsh and German.

Function words only (articles, pronouns, auxiliaries, prepositions, conjunctions and
very common adverbs), lower case, written the way customers type them (with and without
apostrophes). Negations ("not", "no", "nie", "ddim"...) are included: they carry no theme
on their own.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "STOPWORDS", "stopwords_for"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        """
        a about above after again against all also am an and any are aren't as at be
        because been before being below between both but by can can't cannot could
        couldn't did didn't do does doesn't doing don't down during each even ever every
        few for from further get got had hadn't has hasn't have haven't having he he'd
        he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm
        i've if in into is isn't it it's its itself just let's me more most much must
        mustn't my myself no nor not now of off on once one only or other ought our ours
        ourselves out over own really same shan't she she'd she'll she's should shouldn't
        so some still such than that that's the their theirs them themselves then there
        there's these they they'd they'll they're they've this those though through to
        too under until up upon us very was wasn't we we'd we'll we're we've were weren't
        what what's when when's where where's which while who who's whom why why's will
        with won't would wouldn't yet you you'd you'll you're you've your yours yourself
        yourselves im ive dont didnt doesnt cant wont isnt wasnt thats id ill youre
        also ok okay etc via may might shall would've could've lot lots bit quite rather
        back go goes going gone went come came make made thing things put
        """
    ),
    "es": _words(
        """
        a al algo algunas algunos ante antes como con contra cual cuando de del desde
        donde durante e el ella ellas ellos en entre era erais eran eras eres es esa esas
        ese eso esos esta estaba estado estais estamos estan estar estas este esto estos
        estoy fue fueron fui ha habia han has hasta hay he la las le les lo los me mi mis
        mucho muchos muy mas más nada ni no nos nosotros o os otra otro para pero poco por
        porque que qué quien se sea ser si sí sido sin sobre su sus también tambien te
        tengo tiene tienen todo todos tu tus un una uno unos usted ustedes vosotros y ya yo
        está están había fue ese esa él
        """
    ),
    "fr": _words(
        """
        a à ai aie au aux avec avez avoir avons c ça ce ceci cela celle celles celui ces
        cet cette ceux chez d dans de des donc du elle elles en est et été étaient était
        être eu eux faire fait il ils j je l la le les leur leurs lui m ma mais me même
        mes moi mon n ne ni nos notre nous on ont ou où par pas plus pour qu que quel
        quelle quels qui s sa sans se ses si son sont sur t ta te tes toi ton tous tout
        toute toutes très tu un une vos votre vous y c'est j'ai qu'il n'est d'un d'une
        l'on suis sommes êtes ont aussi alors encore déjà
        """
    ),
    "pl": _words(
        """
        a aby ale ani az bardzo bez bo by był była było były być chociaż ci co czy dla do
        dlaczego gdy gdzie go i ich ile im ja jak jaki jako je jego jej jest jestem jeszcze
        jeśli już ją każdy kiedy kto która które który lub ma mam mi mnie mną mogę moja
        moje mój może na nad nam nas nawet nic nich nie nim niż no o od oraz po pod przed
        przez przy sam się są ta tak tam te tego tej ten też to tu tylko tym u w we więc
        wszystko z za ze że żeby już był jest będzie został została
        """
    ),
    "cy": _words(
        """
        a ac am ar at bod byddai bydd chi dan dros drwy dy ei eich eu fe fi fod fy gan
        gyda hefyd hi hwn hon hyn i i'r iddo iddi mae maen mewn mi na nad nac neu ni nid
        nhw o o'r oedd oherwydd ond os pa pan pe pob rhag rwy rwyf rydw roedd sydd sy
        tra trwy wedi wrth y yma yn yr ydy ydw ydi efo ddim dim ein gael cael
        """
    ),
    "de": _words(
        """
        aber alle allem allen aller alles als also am an ander andere anderem anderen
        anderer anderes auch auf aus bei bin bis bist da damit dann das dass dem den der
        des dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein
        eine einem einen einer eines er es etwas euch euer für gegen gewesen hab habe
        haben hat hatte hatten hier hin hinter ich ihm ihn ihr ihre im in ist ja jede
        jedem jeden jeder jedes jetzt kann kein keine können man manche mein meine mich
        mir mit muss nach nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie
        sind so solche soll sondern sonst über um und uns unser unter viel vom von vor
        war waren was weil weiter welche wenn wer werde werden wie wieder will wir wird
        wo zu zum zur
        """
    ),
}

LANGUAGES: tuple[str, ...] = tuple(STOPWORDS)


def stopwords_for(languages: tuple[str, ...] | list[str]) -> frozenset[str]:
    """Union of the stop words of the given languages (unknown codes raise ``ValueError``)."""
    out: set[str] = set()
    for lang in languages:
        code = lang.lower().split("-")[0].split("_")[0]
        if code not in STOPWORDS:
            raise ValueError(f"no stop words for language {lang!r}; have {', '.join(LANGUAGES)}")
        out |= STOPWORDS[code]
    return frozenset(out)
