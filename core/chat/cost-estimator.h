#pragma once

#include "chat/chat-runner.h"
#include "settings/settings.h"

namespace parley {

// Prices replies from `price.MODEL.input` / `price.MODEL.output` in the
// settings (USD per million tokens), else from the built-in price table.
// Reads the settings on each call, so an edit applies to the next reply.
CostEstimator make_cost_estimator(const Settings& settings);

}  // namespace parley
