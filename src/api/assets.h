#pragma once
// The images Missive's emails link to (the Government of Canada signatures), compiled into the
// binary and served at /assets/<name>, so a message never depends on another server. Thread-safe.
//
//   std::optional<std::string_view> png = FindAsset("gc-logo-en.png");

#include <optional>
#include <string_view>

namespace missive {

// The bytes of the asset called `name`; nullopt when there is none.
std::optional<std::string_view> FindAsset(std::string_view name);

}  // namespace missive
