"""QR codes as SVG, so case codes print sharply on any page size."""

import io

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> bytes:
    """Return an SVG image of a QR code carrying `data`."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
