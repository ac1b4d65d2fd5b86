"""Support: who to talk to. Reachable with F2 from every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from learnmeta.app.widgets.footer import Footer
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.frame import Disclaimer, TitleBar

SUPPORT = """\
[b]Talk to your healthcare team[/b]
Your doctors and nurses know your situation. Bring your questions to your next visit, \
or call your clinic. Write your questions down so you do not forget them.

[b]If you need help now[/b]
If you feel very unwell or it is an emergency, call your local emergency number.
Call your team right away if you have new back or neck pain, weak or numb legs or arms, \
trouble walking, or new trouble controlling your bladder or bowels: these can be signs \
of spinal cord compression, which needs care fast.

[b]Cancer information helplines[/b]
• Canada: Canadian Cancer Society Cancer Information Helpline, 1-888-939-3333
• United States: National Cancer Institute, Cancer Information Service, 1-800-4-CANCER \
(1-800-422-6237)
• United Kingdom: Macmillan Support Line, 0808 808 00 00

[b]Finding a clinical trial[/b]
Ask your healthcare team first. You can also search Canadian Cancer Trials \
(canadiancancertrials.ca), ClinicalTrials.gov or the National Cancer Institute (cancer.gov) \
in the US, and Be Part of Research (bepartofresearch.nihr.ac.uk) in the UK.

[b]Feeling worried or low?[/b]
It is normal to have strong feelings when you learn about cancer. You can take a break \
at any time: your progress is saved. Your healthcare team can put you in touch with a \
counsellor, a social worker or a support group.

[b]About this app[/b]
learnmeta gives general information, not medical advice. Nothing you do here leaves \
this computer."""


class SupportScreen(LearnScreen):
    """Helplines and the healthcare team."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def compose(self) -> ComposeResult:
        yield TitleBar("Support: who you can talk to")
        with VerticalScroll(id="support"):
            yield Static(Content.from_markup(SUPPORT), id="support-text")
        yield Disclaimer()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#support").focus()
