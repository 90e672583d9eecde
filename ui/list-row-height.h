#pragma once

class wxListBox;

namespace parley {

// Lets a long list lay out only the rows on screen: every row is as tall as
// the first. Per toolkit: list-row-height-gtk.cpp, list-row-height-native.cpp.
void use_uniform_row_height(wxListBox& list);

}  // namespace parley
