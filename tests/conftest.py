import pytest


@pytest.fixture(autouse=True)
def user_dictionary_outside_media(settings, tmp_path_factory):
    """Each test starts with an empty user dictionary and jieba's own IDF, never the
    files of a developer's ``media/`` (an import there writes them), and saving an
    author or column rewrites a temporary dictionary, never the real one."""
    from articles import tokenize
    from articles.search import dictionary

    original, original_idf = dictionary.path(), dictionary.idf_path()
    folder = tmp_path_factory.mktemp("dictionary")
    settings.USER_DICTIONARY_PATH = folder / "userdict.txt"
    settings.KEYWORD_IDF_PATH = folder / "idf.txt"
    tokenize.use_user_dictionary(settings.USER_DICTIONARY_PATH)
    tokenize.use_idf_file(settings.KEYWORD_IDF_PATH)
    yield
    tokenize.use_user_dictionary(original)
    tokenize.use_idf_file(original_idf)
