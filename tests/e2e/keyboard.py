"""Driving a page with the keyboard only, the way someone who cannot use a mouse does: Tab and
Shift+Tab from one focusable element to the next, and every element that takes the focus on the
way must show it (a focus outline or ring a sighted keyboard user can see)."""

from __future__ import annotations

import re

# What has the focus now: its tag, type, accessible name (label, aria-label or text) and
# whether the focus can be seen (an outline at least 2px wide, or a box-shadow ring) on an
# element that is itself on the screen.
_DESCRIBE = """async () => {
  await new Promise(done => requestAnimationFrame(done));  // styles settled after the key
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: "body", name: "", visibleFocus: true, shown: true};
  const label = el.labels && el.labels.length ? el.labels[0].innerText
    : el.getAttribute("aria-label") || el.innerText || el.value || "";
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const ring = style.boxShadow && style.boxShadow !== "none";
  // Tab also stops on the calendar button inside a date input: the input is still the active
  // element but no longer matches :focus, and Chromium draws its own ring on that button.
  const nativeButton = /^(date|time|month)$/.test(el.type) && !el.matches(":focus");
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    type: el.type || "",
    id: el.id,
    name: label.replace(/\\s+/g, " ").trim().replace(/:$/, ""),
    visibleFocus: Boolean(outline || ring || nativeButton),
    shown: box.width > 0 && box.height > 0,
    checked: Boolean(el.checked),
  };
}"""


def focused(page) -> dict:
    return page.evaluate(_DESCRIBE)


def focus_moves_to(page, name: str, timeout_ms: int = 5000) -> dict:
    """Wait for the focus to land on ``name``: pages move it after htmx settles the swap, a
    moment after the new content shows."""
    waited = 0
    while (info := focused(page))["name"] != name:
        assert waited < timeout_ms, f"the focus stayed on {info}, not {name!r}"
        page.wait_for_timeout(50)
        waited += 50
    return info


def _matches(info: dict, name: str | re.Pattern) -> bool:
    if isinstance(name, re.Pattern):
        return bool(name.search(info["name"]))
    return info["name"] == name


def assert_focus_visible(info: dict) -> None:
    assert info["shown"], f"the focus is on something not on the screen: {info}"
    assert info["visibleFocus"], f"the focus cannot be seen on {info}"


def tab_to(page, name: str | re.Pattern, *, backwards: bool = False, limit: int = 60) -> dict:
    """Press Tab (Shift+Tab if ``backwards``) until the focused element's accessible name is
    ``name``; every element focused on the way must show its focus."""
    key = "Shift+Tab" if backwards else "Tab"
    passed = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        if info["tag"] == "body":
            passed.append("(page)")
            continue
        assert_focus_visible(info)
        if _matches(info, name):
            return info
        passed.append(info["name"][:40])
    raise AssertionError(f"{name!r} was not reached with {key}; passed through {passed}")
