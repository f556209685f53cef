"""The QR code on a document is drawn module by module, never as one dark square."""

from mediation.outcomes.pdf import qr_drawing


def test_the_qr_code_draws_its_dark_modules_and_leaves_the_light_ones():
    code = qr_drawing("https://mediation.example/c/abc", size=100)
    area = sum(square.width * square.height for square in code.squares)
    # A QR code is about half dark; a filled background would cover the whole square.
    assert 0.3 * 100 * 100 < area < 0.7 * 100 * 100
    assert all(square.width < 100 for square in code.squares)
