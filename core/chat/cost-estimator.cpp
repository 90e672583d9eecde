#include "chat/cost-estimator.h"

#include "providers/price-table.h"

namespace parley {

CostEstimator make_cost_estimator(const Settings& settings) {
    return [&settings](const std::string& model, const Usage& usage) -> std::optional<double> {
        std::optional<ModelPrice> price = builtin_price(model);
        const std::string input = settings.get("price." + model + ".input");
        const std::string output = settings.get("price." + model + ".output");
        if (!input.empty() || !output.empty()) {
            ModelPrice configured = price.value_or(ModelPrice{});
            if (!input.empty()) configured.input = std::stod(input);
            if (!output.empty()) configured.output = std::stod(output);
            price = configured;
        }
        if (!price) return std::nullopt;
        return cost_usd(*price, usage);
    };
}

}  // namespace parley
