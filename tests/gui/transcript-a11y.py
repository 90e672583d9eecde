#!/usr/bin/env python3
"""Reads the running `parley` window through AT-SPI, as a screen reader does.

  names             every button, field, list and combo box has an accessible name
  markdown          the transcript shows the fake's `markdown` reply with the right styles
  text              prints the transcript's text
  reply-text TEXT   the transcript's text, readable through AT-SPI, contains TEXT
  streaming         the reply is half there (its table but not its image yet) and already rendered
  position TEXT     prints the screen centre of the first character of TEXT in the transcript
  last-position TEXT  the same for the last place TEXT is shown
  label TEXT        some label reads TEXT (a part of it)
  focus NAME        gives the keyboard focus to the control named NAME
  focused           prints the role and name of the control with the keyboard focus
                    (a list for its focused row); exits 1 when AT-SPI reports none
  description       prints the transcript's accessible description
  choose NAME ITEM  picks ITEM in the combo box named NAME, as a screen reader's user does
  press NAME        clicks (toggles) the button or check box named NAME

Exits 1 with one line per failure.
"""
import sys

import pyatspi

NAMED_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_TABLE, pyatspi.ROLE_LIST, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_SLIDER,
}


def app():
    for candidate in pyatspi.Registry.getDesktop(0):
        if candidate is not None and candidate.name == "parley":
            return candidate
    sys.exit("FAIL: no application named parley on the accessibility bus")


def walk(node, path=()):
    yield node, path
    for child in node:
        if child is not None:
            yield from walk(child, path + (f"{child.getRoleName()} '{child.name}'",))


def transcript():
    for node, _ in walk(app()):
        if node.getRole() == pyatspi.ROLE_TEXT and node.name == "Transcript":
            return node.queryText()
    sys.exit("FAIL: no text named Transcript")


def attributes(text, offset):
    attrs, _, _ = text.getAttributeRun(offset, True)
    return dict(a.split(":", 1) for a in attrs)


def check_names():
    failures = []
    for node, path in walk(app()):
        state = node.getState()
        if node.getRole() in NAMED_ROLES and state.contains(pyatspi.STATE_SHOWING) and not node.name.strip():
            failures.append("no accessible name: " + " > ".join(path))
    return failures


def check_markdown():
    text = transcript()
    content = text.getText(0, -1)
    failures = []
    base = attributes(text, content.index("Some "))
    base_size = float(base.get("size", "0"))

    def styled(needle, what, test):
        at = content.find(needle)
        if at < 0:
            failures.append(f"'{needle}' is not shown")
            return
        for offset in (at, at + len(needle) - 1):
            got = attributes(text, offset)
            if not test(got):
                failures.append(f"'{needle}' is not {what}: {got}")
                return

    bold = lambda a: int(a.get("weight", "400")) >= 700
    mono = lambda a: "mono" in a.get("family-name", "").lower()
    styled("Heading One", "a large bold heading", lambda a: bold(a) and float(a.get("size", "0")) > base_size)
    styled("Heading Two", "a bold heading", lambda a: bold(a) and float(a.get("size", "0")) > base_size)
    styled("emphasis", "italic", lambda a: a.get("style") == "italic" and not bold(a))
    styled("strong", "bold", lambda a: bold(a) and a.get("style") != "italic")
    styled("struck", "struck through", lambda a: a.get("strikethrough") == "true")
    styled("inline code", "fixed-width", mono)
    styled("a link", "an underlined link", lambda a: a.get("underline") == "single")
    styled("https://example.org/auto", "an underlined link", lambda a: a.get("underline") == "single")
    # Every run keeps the same inset from the frame; quotes and lists go further.
    margin = int(base.get("left-margin", "0"))
    if margin <= 0:
        failures.append(f"the text touches the frame (left margin {margin})")
    indented = lambda a: int(a.get("left-margin", "0")) > margin
    flush = lambda a: int(a.get("left-margin", "0")) == margin
    styled("A quoted line", "an indented quote", indented)
    styled("first item", "an indented list item", indented)
    styled("open task", "an indented list item", indented)
    styled("Heading Two", "flush with the margin", flush)
    styled("apple", "flush with the margin", flush)
    styled('print("copy me")', "fixed-width code", mono)
    styled("apple", "a fixed-width table cell", mono)
    styled("Name", "a bold table header", lambda a: bold(a) and mono(a))
    for shown in ("1. first item\n2. second item", "• ☑ done task\n• ☐ open task", "[image: a cat]",
                  "│ apple │   3 │", "│ kiwi  │  12 │", 'print("copy me")\nx = 1'):
        if shown not in content:
            failures.append(f"'{shown}' is not shown as such")
    reply = content[content.find("Heading One"):]
    for raw in ("**", "~~", "```", "](", "# ", "> A", "- [x]"):
        if raw in reply:
            failures.append(f"raw Markdown '{raw}' is shown")
    return failures


def main():
    command = sys.argv[1]
    if command == "names":
        failures = check_names()
    elif command == "markdown":
        failures = check_markdown()
    elif command == "text":
        print(transcript().getText(0, -1))
        failures = []
    elif command == "reply-text":
        content = transcript().getText(0, -1)
        failures = [] if sys.argv[2] in content else [f"the transcript does not read '{sys.argv[2]}'"]
    elif command == "streaming":
        text = transcript()
        content = text.getText(0, -1)
        if "Qty" not in content or "[image: a cat]" in content:
            sys.exit(1)  # not half-way (yet): the caller waits
        failures = []
        if int(attributes(text, content.index("Heading One")).get("weight", "400")) < 700:
            failures.append("the streaming reply's heading is not bold")
        if attributes(text, content.index("struck")).get("strikethrough") != "true":
            failures.append("the streaming reply's strikethrough is not rendered")
        for raw in ("# Heading", "**", "~~"):
            if raw in content:
                failures.append(f"raw Markdown '{raw}' shows while the reply streams")
    elif command == "label":
        labels = [n.name for n, _ in walk(app()) if n.getRole() == pyatspi.ROLE_LABEL]
        failures = [] if any(sys.argv[2] in name for name in labels) else [f"no label reads '{sys.argv[2]}': {labels}"]
    elif command == "focus":
        found = [n for n, _ in walk(app()) if n.name == sys.argv[2] and n.getRole() != pyatspi.ROLE_SCROLL_PANE]
        if not found or not found[0].queryComponent().grabFocus():
            sys.exit(f"FAIL: cannot focus '{sys.argv[2]}'")
        return
    elif command == "focused":
        focused = [n for n, _ in walk(app()) if n.getState().contains(pyatspi.STATE_FOCUSED)]
        if not focused:
            sys.exit(1)
        # A list's row has the focus inside the list: the list is the control.
        node = focused[-1]
        while node.getRole() == pyatspi.ROLE_TABLE_CELL and node.parent is not None:
            node = node.parent
        print(f"{node.getRoleName()}\t{node.name}")
        return
    elif command == "choose":
        combos = [n for n, _ in walk(app()) if n.name == sys.argv[2] and n.getRole() == pyatspi.ROLE_COMBO_BOX]
        if not combos:
            sys.exit(f"FAIL: no combo box named '{sys.argv[2]}'")
        items = [n for n, _ in walk(combos[0]) if n.getRole() == pyatspi.ROLE_MENU_ITEM]
        names = [n.name for n in items]
        if sys.argv[3] not in names:
            sys.exit(f"FAIL: '{sys.argv[2]}' has no item '{sys.argv[3]}': {names}")
        items[names.index(sys.argv[3])].queryAction().doAction(0)
        return
    elif command == "press":
        pressable = {pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_TOGGLE_BUTTON,
                     pyatspi.ROLE_RADIO_BUTTON}
        found = [n for n, _ in walk(app()) if n.name == sys.argv[2] and n.getRole() in pressable]
        if not found or not found[0].queryAction().doAction(0):
            sys.exit(f"FAIL: cannot press '{sys.argv[2]}'")
        return
    elif command == "description":
        for node, _ in walk(app()):
            if node.getRole() == pyatspi.ROLE_TEXT and node.name == "Transcript":
                print(node.description)
                return
        sys.exit("FAIL: no text named Transcript")
    elif command in ("position", "last-position"):
        text = transcript()
        content = text.getText(0, -1)
        at = content.index(sys.argv[2]) if command == "position" else content.rindex(sys.argv[2])
        x, y, w, h = text.getCharacterExtents(at + 1, pyatspi.DESKTOP_COORDS)
        print(x + w // 2, y + h // 2)
        return
    else:
        sys.exit(f"unknown command {command}")
    for failure in failures:
        print("FAIL: " + failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
