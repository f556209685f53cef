import random

from mediation.disputes import codes


def test_new_codes_are_valid_and_readable():
    rng = random.Random(1)
    for _ in range(500):
        code = codes.new_code(randbelow=rng.randrange)
        assert codes.is_valid(code)
        assert not set(code) & set("ILOU")


def test_every_single_substitution_is_caught():
    rng = random.Random(2)
    for _ in range(50):
        code = codes.new_code(randbelow=rng.randrange)
        for position in range(len(code)):
            for symbol in codes.ALPHABET:
                if symbol != code[position]:
                    assert not codes.is_valid(code[:position] + symbol + code[position + 1 :])


def test_every_swap_of_neighbours_is_caught():
    rng = random.Random(3)
    for _ in range(200):
        code = codes.new_code(randbelow=rng.randrange)
        for position in range(len(code) - 1):
            a, b = code[position], code[position + 1]
            if a == b:
                continue
            swapped = code[:position] + b + a + code[position + 2 :]
            # Luhn mod N misses one pair per alphabet (values summing to N-1 after doubling).
            assert not codes.is_valid(swapped) or {a, b} == {"0", "Z"}


def test_typed_codes_are_normalised():
    code = codes.new_code(randbelow=random.Random(4).randrange)
    typed = codes.display(code).lower().replace("1", "l").replace("0", "o")
    assert codes.normalise(typed) == code


def test_display_groups_in_fours():
    assert codes.display("ABCD1234") == "ABCD-1234"


def test_wrong_length_is_invalid():
    assert not codes.is_valid("")
    assert not codes.is_valid("ABC")
