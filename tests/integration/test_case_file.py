import io

import pypdf
from flask_babel import force_locale

from mediation.handoffs.timeline import local_today
from mediation.outcomes.casefile import case_file_pdf


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_case_file_lists_the_sessions(app, settled_case, create_session):
    dispute = settled_case()
    create_session(dispute, mode="in_person", days_ago=3, status="completed")
    with app.test_request_context(), force_locale("en"):
        text = pdf_text(case_file_pdf(dispute))
    assert "调解场次" in text and "现场" in text and "已完成" in text


def test_the_case_file_lists_the_hand_offs_with_their_clock_and_timeline(app, create_referral):
    handoff = create_referral(signed_on=local_today())
    with app.test_request_context(), force_locale("en"):
        text = pdf_text(case_file_pdf(handoff.dispute))
    assert "诉调·警调·访调对接" in text and handoff.reference in text.replace("\n", "")
    assert "乐至县人民法院" in text and "剩余" in text
