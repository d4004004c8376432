#pragma once
// UUIDs as GC Notify reads and writes them: random version 4 ids in the canonical lower-case
// 8-4-4-4-12 form, and a parser as lenient as Python's uuid.UUID() for request fields.
// Thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace missive {

// A new random (version 4) UUID in canonical form.
std::string NewUuid();

// The canonical form of `text` when Python's uuid.UUID(text) would accept it: 32 hex digits with
// or without hyphens, optionally in braces or after "urn:uuid:". nullopt otherwise.
std::optional<std::string> ParseUuid(std::string_view text);

// True when `text` is already a canonical lower-case UUID.
bool IsCanonicalUuid(std::string_view text);

}  // namespace missive
