#include "history/sqlite-writeback.h"

namespace parley {

// No asynchronous writeback request here: the syncs do all the writing.
void start_writeback_as_written() {}

}  // namespace parley
