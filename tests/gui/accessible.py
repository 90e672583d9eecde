#!/usr/bin/python3
"""Reads a running app's accessibility tree over AT-SPI, as a screen reader would.

  accessible.py find APP ROLE NAME   one line per object of that role and name:
                                     its description and, for a link, its URI
  accessible.py tree APP             the whole tree, indented

Exits 1 when APP or the object is not there. Runs inside the test's D-Bus
session (tests/run-with-session.sh), where the AT-SPI bus starts on demand.
"""
import sys

import pyatspi


def application(name):
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name == name:
            return app
    sys.exit(f"no accessible application named {name!r}")


def walk(node, depth=0):
    yield node, depth
    for child in node:
        if child is not None:
            yield from walk(child, depth + 1)


def uri_of(node):
    try:
        return node.queryHyperlink().getURI(0)
    except NotImplementedError:
        pass
    try:
        # GTK's link buttons answer as hypertext holding one link.
        hypertext = node.queryHypertext()
        if hypertext.getNLinks() > 0:
            return hypertext.getLink(0).getURI(0)
    except NotImplementedError:
        pass
    return ""


def main(argv):
    if len(argv) == 5 and argv[1] == "find":
        _, _, app, role, name = argv
        found = [n for n, _ in walk(application(app)) if n.getRoleName() == role and n.name == name]
        for node in found:
            print(f"{node.description}\t{uri_of(node)}")
        return 0 if found else 1
    if len(argv) == 3 and argv[1] == "tree":
        for node, depth in walk(application(argv[2])):
            print(f"{'  ' * depth}{node.getRoleName()} {node.name!r} {node.description!r}")
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
