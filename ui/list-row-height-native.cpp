#include "list-row-height.h"

namespace parley {

// The native list boxes elsewhere measure only the rows they show.
void use_uniform_row_height(wxListBox&) {}

}  // namespace parley
