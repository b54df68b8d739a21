"""Unique pupil numbers (DfE): a check letter, then 12 digits (a temporary UPN ends in a letter instead).

The check letter is the sum of each following character's value times its position (2 to 13), modulo 23, taken from
the letters A-Z without I, O and S. A letter in the last place has its index in that same alphabet as its value.
"""

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_SHAPE = re.compile(r"[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]")


def check_letter(body: str) -> str:
    """The check letter for the 12 characters that follow it."""
    total = 0
    for position, character in enumerate(body, start=2):
        value = int(character) if character.isdigit() else CHECK_LETTERS.index(character)
        total += value * position
    return CHECK_LETTERS[total % 23]


def with_check_letter(body: str) -> str:
    return check_letter(body) + body


def upn_problem(value: str) -> str | None:
    """What is wrong with a UPN, in words a school data manager can act on, or None."""
    upn = value.strip().upper()
    if len(upn) != 13:
        return "UPN must be 13 characters, like W931400012345"
    if not _SHAPE.fullmatch(upn):
        return "UPN must be a letter followed by 12 digits"
    if check_letter(upn[1:]) != upn[0]:
        return "UPN check letter is wrong: check the UPN with the school"
    return None
