"""UPN check letters, worked by hand from the DfE rule: weights 2 to 13, modulo 23, letters without I, O and S."""

import pytest

from application.upn import CHECK_LETTERS, check_letter, upn_problem, with_check_letter


def test_the_check_alphabet_leaves_out_letters_that_look_like_digits():
    assert len(CHECK_LETTERS) == 23 and not set("IOS") & set(CHECK_LETTERS)


@pytest.mark.parametrize(
    ("body", "letter"),
    [
        ("000000000000", "A"),  # sum 0
        ("100000000000", "C"),  # 1 x 2 = 2
        ("000000000001", "P"),  # 1 x 13 = 13, the 14th letter when I is left out
        ("000000000020", "B"),  # 2 x 12 = 24, and 24 mod 23 = 1
    ],
)
def test_check_letters_worked_by_hand(body, letter):
    assert check_letter(body) == letter


def test_a_worked_example_with_every_position():
    body = "823456789012"
    total = sum(int(digit) * weight for digit, weight in zip(body, range(2, 14), strict=True))
    assert total == 8 * 2 + 2 * 3 + 3 * 4 + 4 * 5 + 5 * 6 + 6 * 7 + 7 * 8 + 8 * 9 + 9 * 10 + 0 * 11 + 1 * 12 + 2 * 13
    assert with_check_letter(body) == CHECK_LETTERS[total % 23] + body == "Q823456789012"


def test_a_temporary_upn_ending_in_a_letter_counts_the_letter_by_its_place_in_the_alphabet():
    assert check_letter("00000000000B") == "P"  # B is 1, times 13
    assert upn_problem(with_check_letter("82345678901A")) is None


def test_valid_upns_pass_in_any_case_and_with_spaces_around():
    assert upn_problem("Q823456789012") is None
    assert upn_problem(" q823456789012 ") is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("Q82345678901", "UPN must be 13 characters, like W931400012345"),
        ("Q8234567890123", "UPN must be 13 characters, like W931400012345"),
        ("1823456789012", "UPN must be a letter followed by 12 digits"),
        ("I823456789012", "UPN must be a letter followed by 12 digits"),
        ("Q8234567X9012", "UPN must be a letter followed by 12 digits"),
        ("R823456789012", "UPN check letter is wrong: check the UPN with the school"),
    ],
)
def test_bad_upns_say_what_is_wrong(value, problem):
    assert upn_problem(value) == problem


def test_every_single_digit_mistake_and_neighbour_swap_is_caught():
    upn = "Q823456789012"
    for position in range(1, 13):
        for digit in "0123456789":
            if digit != upn[position]:
                typo = upn[:position] + digit + upn[position + 1 :]
                assert upn_problem(typo) is not None, typo
        if position < 12 and upn[position] != upn[position + 1]:
            swapped = upn[:position] + upn[position + 1] + upn[position] + upn[position + 2 :]
            assert upn_problem(swapped) is not None, swapped
