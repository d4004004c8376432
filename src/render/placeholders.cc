#include "render/placeholders.h"

#include <array>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "render/internal/python_str.h"
#include "render/internal/text.h"

namespace missive {
namespace {

using nlohmann::json;
using render_internal::EscapeHtml;
using render_internal::LowerCase;
using render_internal::PythonStr;
using render_internal::PythonTruthy;

// Values that show a conditional placeholder's text, English then French.
constexpr std::array<std::string_view, 11> kShowWords = {
    "yes", "y", "true", "t", "1", "include", "show", "oui", "vrai", "inclure", "afficher"};

// One occurrence of `((body))` in a text.
struct Match {
  std::size_t begin = 0;  // offset of the opening "(("
  std::size_t end = 0;    // offset just past the closing "))"
  std::string_view body;  // what is between them
};

// The leftmost match at or after `from` of GC Notify's pattern \({2}(?!\()([\s\S]+?)\){2}: two
// opening brackets not followed by a third, then the shortest body before two closing brackets.
std::optional<Match> FindPlaceholder(std::string_view text, std::size_t from) {
  for (auto open = text.find("((", from); open != text.npos; open = text.find("((", open + 1)) {
    std::size_t body = open + 2;
    if (body >= text.size()) return std::nullopt;
    if (text[body] == '(') continue;
    std::size_t close = text.find("))", body + 1);
    if (close == text.npos) return std::nullopt;
    return Match{open, close + 2, text.substr(body, close - body)};
  }
  return std::nullopt;
}

struct Placeholder {
  std::string_view name;
  std::optional<std::string_view> conditional_text;  // set for ((name??text))
};

Placeholder ParsePlaceholder(std::string_view body) {
  // GC Notify strips every closing bracket at the end, which matters only for a body of ")".
  while (!body.empty() && body.back() == ')') body.remove_suffix(1);
  std::size_t separator = body.find("??");
  if (separator == body.npos) return {body, std::nullopt};
  return {body.substr(0, separator), body.substr(separator + 2)};
}

// Personalisation values by normalised key. When two keys normalise alike the one iterated last
// wins (nlohmann::json iterates keys in sorted order).
class ValueIndex {
 public:
  explicit ValueIndex(const json& values) {
    if (!values.is_object()) return;
    for (auto it = values.begin(); it != values.end(); ++it) {
      by_key_[NormalisePlaceholderName(it.key())] = &it.value();
    }
  }

  // The value for `name`, or nullptr when it is absent or null.
  const json* Find(std::string_view name) const {
    auto it = by_key_.find(NormalisePlaceholderName(name));
    if (it == by_key_.end() || it->second->is_null()) return nullptr;
    return it->second;
  }

 private:
  std::unordered_map<std::string, const json*> by_key_;
};

std::vector<std::string_view> NamesInOrder(std::initializer_list<std::string_view> texts) {
  std::vector<std::string_view> names;
  for (std::string_view text : texts) {
    for (auto match = FindPlaceholder(text, 0); match; match = FindPlaceholder(text, match->end)) {
      names.push_back(ParsePlaceholder(match->body).name);
    }
  }
  return names;
}

bool ShowsConditionalText(const json& value) {
  if (!PythonTruthy(value)) return false;
  std::string word = LowerCase(PythonStr(value));
  for (std::string_view show : kShowWords) {
    if (word == show) return true;
  }
  return false;
}

std::string JoinAsSentence(const std::vector<std::string>& items) {
  std::string out = items.front();
  for (std::size_t i = 1; i < items.size(); ++i) {
    out += (i + 1 == items.size()) ? " and " : ", ";
    out += items[i];
  }
  return out;
}

std::string JoinAsBullets(const std::vector<std::string>& items) {
  std::string out = "\n";
  for (const std::string& item : items) out += "\n* " + item;
  return out;
}

// The text for a value; nullopt for a list with nothing left once falsy items are dropped.
std::optional<std::string> RenderValue(const json& value, ValueStyle style) {
  if (!value.is_array()) return PythonStr(value);
  std::vector<std::string> items;
  for (const json& item : value) {
    if (PythonTruthy(item)) items.push_back(PythonStr(item));
  }
  if (items.empty()) return std::nullopt;
  return style == ValueStyle::kEmail ? JoinAsBullets(items) : JoinAsSentence(items);
}

std::string Output(std::string_view text, FillOptions options) {
  return options.escape_html ? EscapeHtml(text) : std::string(text);
}

// What a placeholder becomes; nullopt when it stays as written.
std::optional<std::string> Replacement(const Placeholder& placeholder, const ValueIndex& values,
                                       FillOptions options) {
  const json* value = values.Find(placeholder.name);
  if (value == nullptr) return std::nullopt;
  if (placeholder.conditional_text) {
    if (!ShowsConditionalText(*value)) return std::string();
    return Output(*placeholder.conditional_text, options);
  }
  std::optional<std::string> rendered = RenderValue(*value, options.style);
  if (!rendered) return std::nullopt;
  return Output(*rendered, options);
}

}  // namespace

std::string NormalisePlaceholderName(std::string_view name) {
  std::string kept;
  kept.reserve(name.size());
  for (char c : name) {
    if (c != ' ' && c != '_' && c != '-') kept += c;
  }
  return LowerCase(kept);
}

std::vector<std::string> MissingPlaceholders(std::initializer_list<std::string_view> texts,
                                             const json& values) {
  ValueIndex index(values);
  std::unordered_set<std::string> seen;
  std::vector<std::string> missing;
  for (std::string_view name : NamesInOrder(texts)) {
    if (!seen.insert(NormalisePlaceholderName(name)).second) continue;
    if (index.Find(name) == nullptr) missing.emplace_back(name);
  }
  return missing;
}

std::vector<std::string> PlaceholderNames(std::initializer_list<std::string_view> texts) {
  std::unordered_set<std::string_view> seen;
  std::vector<std::string> names;
  for (std::string_view name : NamesInOrder(texts)) {
    if (seen.insert(name).second) names.emplace_back(name);
  }
  return names;
}

std::string FillPlaceholders(std::string_view text, const json& values, FillOptions options) {
  ValueIndex index(values);
  std::string out;
  std::size_t copied = 0;
  for (auto match = FindPlaceholder(text, 0); match; match = FindPlaceholder(text, match->end)) {
    out += Output(text.substr(copied, match->begin - copied), options);
    std::optional<std::string> replacement =
        Replacement(ParsePlaceholder(match->body), index, options);
    std::string_view as_written = text.substr(match->begin, match->end - match->begin);
    out += replacement ? *replacement : Output(as_written, options);
    copied = match->end;
  }
  out += Output(text.substr(copied), options);
  return out;
}

}  // namespace missive
