"""What the mobile test asks of every page, at every width: no sideways scroll, no axe-core violation, and a
screenshot kept for people to look at (CI keeps tests/browser/screenshots/ as an artifact).

Problems are collected rather than raised at the first one, so a single run lists everything to fix."""

import os
import re
from pathlib import Path

from tools.fetch_axe import ensure as ensure_axe

# A phone (the 390 px: an iPhone 12–15) and the desktop the pages were designed for.
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
SCREENSHOTS = Path(os.environ.get("OKO_SCREENSHOTS") or Path(__file__).parent / "screenshots")

# When the page is wider than the window: the outermost elements that stick out, ignoring those inside a
# scrolling region (a region that scrolls on its own does not move the page).
_OVERFLOW = """() => {
  const limit = window.innerWidth;
  const root = document.documentElement;
  if (root.scrollWidth <= limit) return null;
  const scrolls = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  };
  const out = [...document.body.querySelectorAll('*')].filter(
    (el) => el.getBoundingClientRect().right > limit + 0.5 && !scrolls(el));
  // An absolutely positioned element escapes its scrolling ancestor: then name whatever sticks out.
  if (!out.length) out.push(...[...document.body.querySelectorAll('*')].filter(
    (el) => el.getBoundingClientRect().right > limit + 0.5));
  const set = new Set(out);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  return {width: root.scrollWidth, limit,
          culprits: out.filter((el) => !set.has(el.parentElement)).slice(0, 6)
            .map((el) => name(el) + ' (' + Math.round(el.getBoundingClientRect().width) + ' px)')};
}"""

_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact,
    targets: v.nodes.slice(0, 4).map((n) => n.target.join(' '))}));
}"""


class Checker:
    """Visits pages at both widths and notes what is wrong with them."""

    def __init__(self, page, base: str, role: str):
        self.page, self.base, self.role = page, base, role
        self.problems: list[str] = []
        self.visited: list[str] = []
        # Evaluated rather than added as a <script>: the pages' CSP (script-src 'self') stays on.
        self.axe = ensure_axe().read_text(encoding="utf-8")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def check(self, name: str, path: str, widths: tuple[str, ...] = tuple(WIDTHS)) -> None:
        """`name` is the page's short name (the screenshot's file name); `path` its URL below the server."""
        self.visited.append(name)
        for width_name in widths:
            width, height = WIDTHS[width_name]
            self.page.set_viewport_size({"width": width, "height": height})
            response = self.page.goto(self.base + path)
            where = f"{self.role}/{name} at {width} px ({path})"
            if response is None or response.status != 200:
                self.problems.append(f"{where}: HTTP {response.status if response else '—'}")
                continue
            self.page.wait_for_load_state("load")
            overflow = self.page.evaluate(_OVERFLOW)
            if overflow:
                self.problems.append(
                    f"{where}: the page is {overflow['width']} px wide in a {overflow['limit']} px window; "
                    f"sticking out: {', '.join(overflow['culprits']) or '?'}"
                )
            self.page.evaluate(self.axe)
            for violation in self.page.evaluate(_AXE):
                self.problems.append(
                    f"{where}: axe {violation['id']} ({violation['impact']}) at {'; '.join(violation['targets'])}"
                )
            shot = re.sub(r"[^a-z0-9-]+", "-", f"{self.role}-{name}-{width_name}".lower())
            self.page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)

    def assert_clean(self) -> None:
        assert not self.problems, f"{len(self.problems)} problem(s):\n" + "\n".join(self.problems)


def log_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Zaloguj").click()
    page.wait_for_load_state("domcontentloaded")
