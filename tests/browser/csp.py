"""Collect Content-Security-Policy violations in a Playwright browser context."""

# Runs before any script of each page: every violation the browser reports is kept.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""


def watch(context) -> list[str]:
    """Record violations on every page of a context; return the list that fills up."""
    seen: list[str] = []
    context.add_init_script(RECORD_VIOLATIONS)

    def on_page(page):
        page.on(
            "console",
            lambda message: (
                seen.append(f"console: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    context.on("page", on_page)
    return seen


def violations(page, seen: list[str]) -> list[str]:
    """Return what the page's listener and the console reported so far."""
    return [*page.evaluate("window.__cspViolations || []"), *seen]
