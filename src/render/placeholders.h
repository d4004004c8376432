#pragma once
// Placeholders: GC Notify's template language. `((name))` is replaced by the personalisation
// value for `name`; `((name??text))` shows `text` only when the value is a yes-like word. Names
// match ignoring case, spaces, `_` and `-`; a JSON null counts as missing. Values are rendered
// as GC Notify's Python code prints them (5, 1.5, True; lists as bullets or "a, b and c").
// Thread-safe: every function is pure.
// Known gap: when two keys normalise alike (`first_name`, `First Name`) the one that sorts last
// wins, where GC Notify takes the one that comes later in the request.
//
//   auto missing = MissingPlaceholders({subject, body}, personalisation);
//   if (!missing.empty()) return Reject(missing);
//   std::string text = FillPlaceholders(body, personalisation, {.style = ValueStyle::kSms});

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace missive {

// How a list value is written: email as a markdown bullet list ("\n\n* a\n* b"), SMS as a
// sentence ("a, b and c").
enum class ValueStyle { kEmail, kSms };

// The key placeholder names and personalisation keys are compared by: lower case, without
// spaces, `_` or `-` ("First Name", "first_name" and "FIRSTNAME" are all "firstname").
std::string NormalisePlaceholderName(std::string_view name);

// Names of placeholders (as written in the template, first spelling wins) that `values` does not
// satisfy, in the order they first appear across `texts` (pass subject then body). A name is
// satisfied when `values` is an object with a matching key whose value is not null; "" and []
// satisfy. The name of a conditional placeholder is the part before `??`.
std::vector<std::string> MissingPlaceholders(std::initializer_list<std::string_view> texts,
                                             const nlohmann::json& values);

// Every placeholder name in order of first appearance across `texts`, each spelling once.
std::vector<std::string> PlaceholderNames(std::initializer_list<std::string_view> texts);

struct FillOptions {
  ValueStyle style = ValueStyle::kEmail;
  // Escape &, < and > in the template text and in the values, for HTML output. As in GC Notify,
  // an & that starts a character reference (&eacute; &#233;) is kept as written.
  bool escape_html = false;
};

// Replaces satisfied placeholders; leaves unsatisfied ones as written (a list whose items are all
// falsy also leaves its placeholder as written, as GC Notify does). A conditional placeholder
// becomes its text when the value, lower-cased, is one of yes, y, true, t, 1, include, show, oui,
// vrai, inclure, afficher, and disappears for any other non-null value.
std::string FillPlaceholders(std::string_view text, const nlohmann::json& values,
                             FillOptions options);

}  // namespace missive
