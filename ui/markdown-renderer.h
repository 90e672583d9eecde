#pragma once

#include "chat/markdown-document.h"

#include <string>
#include <vector>

#include <wx/textctrl.h>

namespace parley {

// A stretch of a text control, in its positions.
struct TextRange {
    long start = 0;
    long end = 0;

    bool contains(long position) const { return position >= start && position < end; }
};

struct RenderedLink {
    TextRange range;
    std::string url;
};

struct RenderedCode {
    TextRange range;
    std::string code;  // exactly the block's text: no fence lines, no line end after the last line
    std::string language;
};

// A stretch of rendered text in one style, as written to the control.
struct TextRun {
    std::string text;
    wxTextAttr attr;
    std::string url;       // of a link or an image
    bool code = false;     // the whole of a code block
    std::string language;  // of a code block
    long start = 0;        // where it went in the control, once written

    // Whether `other` is drawn the same way (the text aside).
    bool same_style(const TextRun& other) const {
        return url == other.url && code == other.code && language == other.language && attr == other.attr;
    }
};

// Whether two sequences of runs draw the same text in the same styles,
// however the plain text is cut into runs.
bool same_text_and_styles(const std::vector<TextRun>& a, const std::vector<TextRun>& b);

// Appends Markdown blocks to a rich text control with their styles: fonts
// derived from the control's own, colours only from the system's palette so
// a dark theme stays readable. Remembers where links and code blocks went.
class MarkdownRenderer {
public:
    explicit MarkdownRenderer(wxTextCtrl& text);

    // Appends `blocks`; `previous` is the block shown just before them, if
    // any, which decides the space between.
    void append(const std::vector<MarkdownBlock>& blocks, const MarkdownBlock* previous);
    // The runs `blocks` are drawn as, without writing them.
    std::vector<TextRun> layout(const std::vector<MarkdownBlock>& blocks, const MarkdownBlock* previous);
    // The end of the control shows `shown`; makes it show `fresh` instead,
    // keeping what both begin with. A streaming reply that grew at its end
    // costs what it grew, not its length. `fresh` gets its positions and
    // becomes `shown`.
    void replace_end(std::vector<TextRun>& shown, std::vector<TextRun> fresh);
    // Forgets the links and code blocks from `position` on, after the text
    // there was removed to be rendered again.
    void forget_from(long position);

    const std::vector<RenderedLink>& links() const { return links_; }
    const std::vector<RenderedCode>& code_blocks() const { return code_blocks_; }
    void clear();

private:
    void append_block(const MarkdownBlock& block);
    void append_spans(const MarkdownSpans& spans, const wxTextAttr& base);
    void append_table(const MarkdownBlock& block, const wxTextAttr& base);
    void add(const std::string& text, const wxTextAttr& attr);
    void add_run(TextRun run);
    // Appends runs at the end of the control, noting where links and code blocks went.
    void write(std::vector<TextRun>& runs, std::size_t from);
    wxTextAttr block_attr(const MarkdownBlock& block) const;

    wxTextCtrl& text_;
    std::vector<TextRun>* out_ = nullptr;  // what layout() is building
    std::vector<RenderedLink> links_;
    std::vector<RenderedCode> code_blocks_;
};

}  // namespace parley
