#include "api/assets.h"

#include <string>
#include <utility>
#include <vector>

namespace missive {
namespace internal {
const std::vector<std::pair<std::string, std::string>>& EmbeddedAssets();
}  // namespace internal

std::optional<std::string_view> FindAsset(std::string_view name) {
  for (const auto& [asset, bytes] : internal::EmbeddedAssets()) {
    if (asset == name) return std::string_view(bytes);
  }
  return std::nullopt;
}

}  // namespace missive
