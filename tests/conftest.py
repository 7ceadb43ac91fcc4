import pytest


@pytest.fixture(autouse=True)
def user_dictionary_outside_media(settings, tmp_path_factory):
    """Saving an author or column rewrites the user dictionary on commit: never the real one."""
    from articles import tokenize
    from articles.search import dictionary

    original = dictionary.path()
    settings.USER_DICTIONARY_PATH = tmp_path_factory.mktemp("dictionary") / "userdict.txt"
    yield
    if tokenize._user_dictionary["path"] != str(original):
        tokenize.use_user_dictionary(original)
