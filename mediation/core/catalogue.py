"""The messages of the request's language, found once for all the messages of a page."""

from babel.support import NullTranslations
from flask import g
from flask_babel import get_translations
from jinja2 import Environment

UNTRANSLATED = NullTranslations()


def catalogue() -> NullTranslations:
    """The messages of the language Flask-Babel chose for this request (or forced for a while).

    Flask-Babel finds them again for every message: five reads of the request's state and the
    locale's name built as a key, a fifth of the time of a page of a few hundred messages. The
    catalogue is kept on Flask-Babel's own state of the request beside the locale it belongs to;
    `force_locale` and `refresh` replace or drop that locale, so a changed language is seen by
    the next message.
    """
    try:
        state = g._flask_babel
        locale, found = state.mediation_catalogue
        if locale is state.babel_locale:
            return found
    except AttributeError:
        pass
    except RuntimeError:  # outside an application: the messages as written
        return UNTRANSLATED
    found = get_translations()
    state = g._flask_babel
    state.mediation_catalogue = (state.babel_locale, found)
    return found


def _gettext(string: str) -> str:
    return catalogue().ugettext(string)


def _ngettext(singular: str, plural: str, number: int) -> str:
    return catalogue().ungettext(singular, plural, number)


def _pgettext(context: str, string: str) -> str:
    return catalogue().upgettext(context, string)


def _npgettext(context: str, singular: str, plural: str, number: int) -> str:
    return catalogue().unpgettext(context, singular, plural, number)


def install_gettext(environment: Environment) -> None:
    """Give templates `_`, `gettext`, `ngettext` and their context forms read from `catalogue`.

    With Jinja's new-style semantics, as Flask-Babel installs them: escaped, %-formatted.
    """
    environment.install_gettext_callables(
        gettext=_gettext,
        ngettext=_ngettext,
        pgettext=_pgettext,
        npgettext=_npgettext,
        newstyle=True,
    )
