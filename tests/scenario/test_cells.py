import pytest

from scheduler.scenario.cells import lower_word, parse_window, parse_yes_no, split_list, split_weeks


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("A;C", ("A", "C")),
        (" 9A ; 9C ", ("9A", "9C")),
        ("9A, 9C", ("9A", "9C")),
        ("", ()),
        ("A;;", ("A",)),
    ],
)
def test_split_list(text, items):
    assert split_list(text) == items


@pytest.mark.parametrize(
    ("text", "window"),
    [("5", (5, 5)), ("5-7", (5, 7)), (" 5 - 7 ", (5, 7)), ("5\u20137", (5, 7)), ("7-5", (7, 5))],
)
def test_parse_window(text, window):
    assert parse_window(text) == window


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("5-Jul", "looks like a date"),
        ("07/05/2027", "looks like a date"),
        ("five", "is not a week"),
        ("5-6-7", "is not a week"),
    ],
)
def test_parse_window_refuses(text, words):
    with pytest.raises(ValueError, match=words):
        parse_window(text)


def test_split_weeks_reads_ranges():
    assert split_weeks("2;6-8") == (2, 6, 7, 8)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        ("no", False),
        ("", False),
        ("n", False),
    ],
)
def test_parse_yes_no(text, value):
    assert parse_yes_no(text) is value


def test_parse_yes_no_refuses_other_words():
    with pytest.raises(ValueError, match="neither yes nor no"):
        parse_yes_no("maybe")


def test_lower_word():
    assert lower_word(" Must ") == "must"
