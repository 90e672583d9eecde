#include "markdown-renderer.h"

#include "text-margins.h"
#include "wx-text.h"

#include <algorithm>

#include <wx/settings.h>
#include <wx/textctrl.h>

namespace parley {

namespace {

// Indent per quote or list level, in tenths of a millimetre.
constexpr int kIndentStep = 60;

wxFont fixed_width(const wxFont& like) {
    return wxFont(wxFontInfo(like.GetFractionalPointSize()).Family(wxFONTFAMILY_TELETYPE));
}

// Characters a person sees, for lining up table columns (UTF-8 continuation
// bytes do not count).
std::size_t display_width(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Two blocks of the same list follow each other line by line; anything
// else is a paragraph apart.
bool same_list(const MarkdownBlock& a, const MarkdownBlock& b) {
    return a.list_depth > 0 && b.list_depth > 0 && a.quote_depth == b.quote_depth && !b.marker.empty();
}

// Whether `run` can join the plain run before it: fewer, longer insertions
// cost the control less. Links and code blocks stay runs of their own.
bool joinable(const TextRun& before, const TextRun& run) {
    return !run.code && run.url.empty() && !before.code && before.url.empty() && before.attr == run.attr;
}

std::vector<TextRun> joined(const std::vector<TextRun>& runs) {
    std::vector<TextRun> out;
    for (const auto& run : runs) {
        if (!out.empty() && joinable(out.back(), run)) {
            out.back().text += run.text;
        } else {
            out.push_back(run);
        }
    }
    return out;
}

}  // namespace

bool same_text_and_styles(const std::vector<TextRun>& a, const std::vector<TextRun>& b) {
    const auto x = joined(a);
    const auto y = joined(b);
    return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                      [](const TextRun& l, const TextRun& r) { return l.text == r.text && l.same_style(r); });
}

MarkdownRenderer::MarkdownRenderer(wxTextCtrl& text) : text_(text) {}

void MarkdownRenderer::clear() {
    links_.clear();
    code_blocks_.clear();
}

void MarkdownRenderer::forget_from(long position) {
    std::erase_if(links_, [&](const RenderedLink& l) { return l.range.start >= position; });
    std::erase_if(code_blocks_, [&](const RenderedCode& c) { return c.range.start >= position; });
}

void MarkdownRenderer::append(const std::vector<MarkdownBlock>& blocks, const MarkdownBlock* previous) {
    std::vector<TextRun> runs = layout(blocks, previous);
    write(runs, 0);
}

std::vector<TextRun> MarkdownRenderer::layout(const std::vector<MarkdownBlock>& blocks, const MarkdownBlock* previous) {
    std::vector<TextRun> runs;
    out_ = &runs;
    for (const auto& block : blocks) {
        // GTK takes a paragraph's indent from its line end: that belongs to the block before.
        if (previous) add("\n", block_attr(*previous));
        if (previous && !same_list(*previous, block)) add("\n", block_attr(block));
        append_block(block);
        previous = &block;
    }
    out_ = nullptr;
    return runs;
}

void MarkdownRenderer::write(std::vector<TextRun>& runs, std::size_t from) {
    for (std::size_t i = from; i < runs.size(); ++i) {
        TextRun& run = runs[i];
        run.start = text_.GetLastPosition();
        text_.SetDefaultStyle(run.attr);
        text_.AppendText(utf8(run.text));
        const TextRange range{run.start, text_.GetLastPosition()};
        if (run.code) {
            code_blocks_.push_back({range, run.text, run.language});
        } else if (!run.url.empty()) {
            links_.push_back({range, run.url});
        }
    }
}

void MarkdownRenderer::replace_end(std::vector<TextRun>& shown, std::vector<TextRun> fresh) {
    std::size_t same = 0;
    while (same < shown.size() && same < fresh.size() && shown[same].text == fresh[same].text &&
           shown[same].same_style(fresh[same])) {
        fresh[same].start = shown[same].start;
        ++same;
    }
    std::size_t from = same;
    const bool last_grew = same + 1 == shown.size() && same < fresh.size() && shown[same].same_style(fresh[same]) &&
                           fresh[same].text.starts_with(shown[same].text);
    if (last_grew) {
        // The run at the end of the control only grew: its new text is appended.
        fresh[same].start = shown[same].start;
        text_.SetDefaultStyle(fresh[same].attr);
        text_.AppendText(utf8(fresh[same].text.substr(shown[same].text.size())));
        if (fresh[same].code) {
            code_blocks_.back().range.end = text_.GetLastPosition();
            code_blocks_.back().code = fresh[same].text;
        } else if (!fresh[same].url.empty()) {
            links_.back().range.end = text_.GetLastPosition();
        }
        from = same + 1;
    } else if (same < shown.size()) {
        const long start = shown[same].start;
        text_.Remove(start, text_.GetLastPosition());
        forget_from(start);
    }
    write(fresh, from);
    shown = std::move(fresh);
}

wxTextAttr MarkdownRenderer::block_attr(const MarkdownBlock& block) const {
    // Every attribute is set: SetDefaultStyle keeps any that a style leaves unset from the one before.
    wxTextAttr attr(text_.GetForegroundColour(), text_.GetBackgroundColour());
    attr.SetFont(text_.GetFont());
    const int depth = block.quote_depth + block.list_depth;
    attr.SetLeftIndent(kRunLeftInset + depth * kIndentStep);
    if (block.quote_depth > 0) attr.SetFont(attr.GetFont().Italic());
    return attr;
}

void MarkdownRenderer::append_block(const MarkdownBlock& block) {
    wxTextAttr attr = block_attr(block);
    if (!block.marker.empty()) {
        std::string marker = block.marker + " ";
        if (block.task_checked) marker += *block.task_checked ? "☑ " : "☐ ";
        add(marker, attr);
    }
    switch (block.kind) {
        case BlockKind::heading: {
            // Level 1 at 1.6 times the text, down to level 6 at the text's size, all bold.
            wxFont font = attr.GetFont().Bold();
            font.SetFractionalPointSize(font.GetFractionalPointSize() *
                                        (1.0 + 0.12 * (6 - std::clamp(block.heading_level, 1, 6))));
            attr.SetFont(font);
            append_spans(block.spans, attr);
            break;
        }
        case BlockKind::code: {
            attr.SetFont(fixed_width(attr.GetFont()));
            attr.SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE));
            attr.SetTextColour(wxSystemSettings::GetColour(wxSYS_COLOUR_BTNTEXT));
            std::string code = plain_text(block.spans);
            if (!code.empty() && code.back() == '\n') code.pop_back();
            TextRun run{.text = std::move(code), .attr = attr, .url = {}, .code = true, .language = block.language};
            add_run(std::move(run));
            break;
        }
        case BlockKind::thematic_break:
            attr.SetTextColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
            add("────────────────────────", attr);
            break;
        case BlockKind::table: append_table(block, attr); break;
        case BlockKind::paragraph: append_spans(block.spans, attr); break;
    }
}

void MarkdownRenderer::append_spans(const MarkdownSpans& spans, const wxTextAttr& base) {
    for (const auto& span : spans) {
        wxTextAttr attr = base;
        wxFont font = (span.style & span_code) ? fixed_width(base.GetFont()) : base.GetFont();
        if (span.style & span_strong) font = font.Bold();
        if (span.style & span_emphasis) font = font.Italic();
        if (span.style & span_strike) font = font.Strikethrough();
        if (span.style & (span_link | span_image)) {
            font = font.Underlined();
            attr.SetTextColour(wxSystemSettings::GetColour(wxSYS_COLOUR_HOTLIGHT));
        }
        attr.SetFont(font);
        // An image is never fetched: its alt text stands in, marked as one.
        const std::string text = (span.style & span_image) ? "[image: " + span.text + "]" : span.text;
        add_run({.text = text, .attr = attr, .url = span.url, .code = false, .language = {}});
    }
}

void MarkdownRenderer::append_table(const MarkdownBlock& block, const wxTextAttr& base) {
    const auto& table = block.table;
    std::vector<std::size_t> widths(table.align.size(), 0);
    for (const auto& row : table.rows) {
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
            widths[c] = std::max(widths[c], display_width(plain_text(row[c])));
        }
    }
    wxTextAttr cell = base;
    cell.SetFont(fixed_width(base.GetFont()));
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        if (r > 0) add("\n", cell);
        const bool header = r < table.header_rows;
        wxTextAttr attr = cell;
        if (header) attr.SetFont(cell.GetFont().Bold());
        for (std::size_t c = 0; c < widths.size(); ++c) {
            const MarkdownSpans empty;
            const MarkdownSpans& spans = c < table.rows[r].size() ? table.rows[r][c] : empty;
            const std::string text = plain_text(spans);
            const std::size_t gap = widths[c] - std::min(widths[c], display_width(text));
            const CellAlign align = table.align[c];
            const std::size_t before = align == CellAlign::right ? gap : align == CellAlign::center ? gap / 2 : 0;
            add(c == 0 ? "│ " : " │ ", cell);
            add(std::string(before, ' '), attr);
            // Cell text keeps its inline styles, set in the table's fixed-width font.
            MarkdownSpans fixed = spans;
            for (auto& span : fixed) span.style &= ~unsigned(span_code);
            append_spans(fixed, attr);
            add(std::string(gap - before, ' '), attr);
        }
        add(" │", cell);
        if (header && r + 1 == table.header_rows) {
            std::string rule;
            for (std::size_t c = 0; c < widths.size(); ++c) {
                rule += (c == 0 ? "├─" : "─┼─");
                for (std::size_t i = 0; i < widths[c]; ++i) rule += "─";
            }
            add("\n" + rule + "─┤", cell);
        }
    }
}

void MarkdownRenderer::add(const std::string& text, const wxTextAttr& attr) {
    add_run({.text = text, .attr = attr, .url = {}, .code = false, .language = {}});
}

void MarkdownRenderer::add_run(TextRun run) {
    if (run.text.empty() && !run.code) return;
    if (!out_->empty() && joinable(out_->back(), run)) {
        out_->back().text += run.text;
        return;
    }
    out_->push_back(std::move(run));
}

}  // namespace parley
