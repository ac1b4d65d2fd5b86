"""What the support screen says (F2 in the app, ``support`` in plain mode): who to talk to.

Written once here, in plain words, and shown by both front ends: each section is a heading
and its lines; a line that starts with "- " is an item of a list. Every phone number is also
written in digits. Only numbers the organisations themselves publish are given; elsewhere the
learner is told what to search for.
"""

from __future__ import annotations

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Talk to your healthcare team", (
        "Your doctors and nurses know your situation. Bring your questions to your next visit, "
        "or call your clinic. Write your questions down so you do not forget them.",
    )),
    ("If you need help now", (
        "If you feel very unwell or it is an emergency, call your local emergency number.",
        "Call your team right away if you have new back or neck pain, weak or numb legs or arms, "
        "trouble walking, or new trouble controlling your bladder or bowels: these can be signs "
        "of spinal cord compression, which needs care fast.",
    )),
    ("Cancer information helplines", (
        "- Canada: Canadian Cancer Society Cancer Information Helpline, 1-888-939-3333",
        "- United States: National Cancer Institute, Cancer Information Service, 1-800-4-CANCER "
        "(1-800-422-6237)",
        "- United Kingdom: Macmillan Support Line, 0808 808 00 00",
        "- Elsewhere: ask your healthcare team, or search for your country's national cancer "
        "society or cancer charity. The Union for International Cancer Control (UICC) lists "
        "cancer organisations around the world: search for its website.",
    )),
    ("Finding a clinical trial", (
        "Ask your healthcare team first. You can also search Cancer Trials Canada, from the "
        "Canadian Cancer Society (find it at cancer.ca); ClinicalTrials.gov or the National "
        "Cancer Institute (cancer.gov) in the US; and Be Part of Research "
        "(bepartofresearch.nihr.ac.uk) or Cancer Research UK's trial search in the UK.",
    )),
    ("Feeling worried or low?", (
        "It is normal to have strong feelings when you learn about cancer. You can take a break "
        "at any time: your progress is saved. Your healthcare team can put you in touch with a "
        "counsellor, a social worker or a support group.",
    )),
    ("About this app", (
        "learnmeta gives general information, not medical advice. Nothing you do here leaves "
        "this computer.",
    )),
)

TITLE = "Support: who you can talk to"

NOT_ADVICE = "learnmeta gives general information, not medical advice."


def sections(privacy_note: str | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """:data:`SECTIONS`, with "About this app" telling the truth about where progress goes:
    ``privacy_note`` is what the app says instead of "nothing leaves this computer" (a class
    served by ``learnmeta serve --class`` keeps progress where the teacher can read it)."""
    if not privacy_note:
        return SECTIONS
    return tuple(
        (heading, (f"{NOT_ADVICE} {privacy_note}",)) if heading == "About this app" else (heading, lines)
        for heading, lines in SECTIONS
    )
