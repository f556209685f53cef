import pytest

from mediation.core.identity import (
    is_mobile,
    mask_resident_id,
    normalise_mobile,
    resident_id_check_char,
    resident_id_problem,
)

# Checked by hand: GB 11643 weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, mod 11 -> 10X98765432.
KNOWN_GOOD = ["11010519491231002X", "440524188001010014", "512022198001010013"]


@pytest.mark.parametrize("number", KNOWN_GOOD)
def test_known_resident_ids_pass_the_check_digit(number):
    assert resident_id_problem(number) is None


def test_check_char_can_be_x():
    assert resident_id_check_char("11010519491231002") == "X"


def test_every_single_digit_change_is_caught():
    number = KNOWN_GOOD[2]
    for position in range(17):
        for digit in "0123456789":
            if digit == number[position]:
                continue
            altered = number[:position] + digit + number[position + 1 :]
            assert resident_id_problem(altered) is not None, altered


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("51202219800101001", "format"),
        ("5120221980010100167", "format"),
        ("51202219801301001X", "date"),
        ("512022198002300013", "date"),
        ("51202219800101001A", "format"),
    ],
)
def test_malformed_resident_ids_say_what_is_wrong(number, why):
    assert resident_id_problem(number) == why


def test_mask_hides_the_birth_date():
    masked = mask_resident_id("512022198001010013")
    assert masked == "512***********0013"
    assert "19800101" not in masked
    assert mask_resident_id(None) == ""


@pytest.mark.parametrize(
    "raw", ["13812345678", "+86 138 1234 5678", "138-1234-5678", "008613812345678"]
)
def test_mobile_numbers_are_normalised(raw):
    assert normalise_mobile(raw) == "13812345678"
    assert is_mobile(normalise_mobile(raw))


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "23812345678", "phone", ""])
def test_non_mainland_mobiles_are_refused(raw):
    assert not is_mobile(normalise_mobile(raw))
