"""Words for keyword matching: tokenizing, a light singular form, and the words that name no feature.

The spec-coverage and UI-test evaluators compare what a prompt or a test names with what an app contains. Both
sides go through ``terms`` so "Stock codes", "stock_code" and "StockCode" meet as {"stock", "code"}.
"""

from __future__ import annotations

import re

from PIL import ImageColor

_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def wordset(text: str) -> frozenset[str]:
    """A set from a whitespace-separated word list (long lists read better as prose)."""
    return frozenset(text.split())


# Words that say how to ask for or test something, not what the app is about: grammar, the prompt and test
# boilerplate ("please implement a website that ... users should be able to"), generic verbs, adjectives and
# UI vocabulary that every generated app has. Kept as singular forms, since ``singular`` runs first.
GENERIC = wordset(
    """a about above accordingly according accurate accurately across action activity actual add added adding
    additional after again all allow along also an analyze and another any app application appear appropriate
    appropriately are area as ask aspect assess at attempt automatic automatically available back based basic
    be been before being below best between both browse browsing but button by can capability certain change
    check choice choose clear clearly click clicking complete completely confirm consistent contain content
    correct correctly corresponding create created creating current currently custom customize customized
    data design designed detail detailed develop different display displayed do doe each easily easy effective
    either element enable enabling ensure ensuring enter entered entering error etc evaluate even every example
    exist existing expected experience feature field following for form from full function functional
    functionality further general generate generated get give go good guidance handle has have help helping
    how if implement important in include included including information input inputting inspect interact
    interface into is it its just keep kind like list load look main make manage managing many may
    meet method mode more most move multiple must navigate navigation necessary need new next no not
    of on one online only open operation option or other our out over overall own page part perform
    personal place please possible present presented properly proper provide provided provides providing
    real recorded related relevant required requirement result return returned right same save
    second section see seen select selected selecting set several should show showing shown simple site so
    some specific specified specify smooth start status step style styled submit submitted successful
    successfully such support system take task test testing text than that the their them then there these
    they this through to type under up update updated upon use used user using valid validate value
    various verify very via view viewing visible want way web webpage website well what when where whether
    which while who will with within without would you your
    able allowing displaying generating searching search showcase showcasing sharing share learn understand
    receive find participate communicate platform management managing portal promoting multi cross needed
    complex modern smart mini called offering intuitive advanced desired suitable future direct active
    browse filter filtering sort sorting edit editing delete deleting removing remove updating submitting
    viewing collect collecting organize organizing track tracking reporting summarize integration process
    home homepage dashboard menu menus panel center
    submission fill filling attempting initiate initiating accessing navigating going ability accessibility presence
    correctness accuracy completeness inclusion visit piece known instead first last third simulating begin
    inputted choosing accessible available seamless seamlessly without errors issue problem"""
)
# Colour words come from the palette sentence, which asks for a look, not a feature; the palette evaluator
# scores them.
_COLOUR_CONTEXT = wordset("color colour background component ui light dark medium pale deep")


def singular(word: str) -> str:
    """A light singular: 'categories' -> 'category', 'boxes' -> 'box', 'stocks' -> 'stock'; 'status' stays."""
    w = word.lower().removesuffix("'s").strip("'")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "ches", "shes", "xes", "zes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ys")):
        return w[:-1]
    return w


def words(text: str) -> list[str]:
    """Lowercase singular words of ``text``; identifiers are split at '_' and camelCase humps."""
    spaced = _CAMEL.sub(" ", text.replace("_", " ").replace("-", " "))
    return [singular(w) for w in _WORD.findall(spaced)]


def colour_words() -> frozenset[str]:
    names = set(ImageColor.colormap)
    return frozenset(names | _COLOUR_CONTEXT | {"gray", "grey", "blue", "green", "red", "white", "navy"})


_COLOURS = colour_words()


def terms(text: str) -> list[str]:
    """The words of ``text`` that can name a thing or a feature of an app, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in words(text):
        if len(word) < 3 or word in GENERIC or word in _COLOURS or word.endswith("ly"):
            continue
        seen.setdefault(word, None)
    return list(seen)


def key(word: str) -> str:
    """A match key that lets 'booking' meet 'book' and 'posting' meet 'post'."""
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word.removesuffix("e") if len(word) > 4 else word


def covered(term: str, vocab: set[str]) -> bool:
    """Is ``term`` (a ``terms`` word) named in ``vocab`` (a ``vocabulary``)?"""
    return term in vocab or key(term) in {key(w) for w in vocab}


def vocabulary(*texts: str) -> set[str]:
    """Every word of the given names and identifiers, as ``words`` forms them."""
    out: set[str] = set()
    for text in texts:
        out.update(words(text))
    return out
