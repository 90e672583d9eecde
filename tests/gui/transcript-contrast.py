"""Measures the text/background contrast of the transcript in a screenshot.

Usage: transcript-contrast.py SCREENSHOT.png LEFT TOP RIGHT BOTTOM
The box (pixels) lies inside the transcript. The background is the box's
most common colour; the text colour is the most common of the colours that
clearly differ from it (antialiased edges are rarer than glyph stems). Prints
`background luminance contrast` and exits 1 when the contrast is below the
WCAG AA 4.5:1 for body text or there is no text in the box.
"""
import collections
import sys

from PIL import Image


def luminance(rgb):
    def channel(c):
        c = c / 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def main():
    path, box = sys.argv[1], tuple(int(v) for v in sys.argv[2:6])
    pixels = list(Image.open(path).convert("RGB").crop(box).getdata())
    counts = collections.Counter(pixels)
    background = counts.most_common(1)[0][0]
    ink = collections.Counter({c: n for c, n in counts.items() if contrast(c, background) >= 1.5})
    if sum(ink.values()) < 200:
        print("no text in the measured box")
        return 1
    text = ink.most_common(1)[0][0]
    ratio = contrast(text, background)
    print(f"background={background} text={text} background_luminance={luminance(background):.3f} contrast={ratio:.2f}")
    return 0 if ratio >= 4.5 else 1


if __name__ == "__main__":
    sys.exit(main())
