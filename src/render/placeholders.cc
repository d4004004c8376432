#include "render/placeholders.h"

#include <array>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "render/internal/html_escape.h"
#include "render/internal/personalisation.h"
#include "render/internal/python_str.h"
#include "render/internal/text.h"

namespace missive {
namespace {

using nlohmann::json;
using render_internal::EscapeKeepingReferences;
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

using ValueIndex = render_internal::PersonalisationIndex;

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
  return options.escape_html ? EscapeKeepingReferences(text) : std::string(text);
}

// What a placeholder becomes; nullopt when it stays as written. Values are written with
// `options`, the conditional text (part of the template) with `text_options`.
std::optional<std::string> Replacement(const Placeholder& placeholder, const ValueIndex& values,
                                       FillOptions options, FillOptions text_options) {
  const json* value = values.Find(placeholder.name);
  if (value == nullptr) return std::nullopt;
  if (placeholder.conditional_text) {
    if (!ShowsConditionalText(*value)) return std::string();
    return Output(*placeholder.conditional_text, text_options);
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
  return render_internal::FillWithIndex(text, ValueIndex(values), options);
}

render_internal::PersonalisationIndex::PersonalisationIndex(const json& values) {
  if (!values.is_object()) return;
  for (auto it = values.begin(); it != values.end(); ++it) {
    by_key_[NormalisePlaceholderName(it.key())] = &it.value();
  }
}

const json* render_internal::PersonalisationIndex::Find(std::string_view name) const {
  auto it = by_key_.find(NormalisePlaceholderName(name));
  if (it == by_key_.end() || it->second->is_null()) return nullptr;
  return it->second;
}

std::string render_internal::FillWithIndex(std::string_view text, const ValueIndex& index,
                                           FillOptions options) {
  // As GC Notify does, the template is escaped first and its placeholders found in the result;
  // only the values still need escaping.
  std::string escaped;
  if (options.escape_html) {
    escaped = EscapeKeepingReferences(text);
    text = escaped;
  }
  FillOptions text_options{options.style, false};
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  std::size_t copied = 0;
  for (auto match = FindPlaceholder(text, 0); match; match = FindPlaceholder(text, match->end)) {
    out.append(text, copied, match->begin - copied);
    std::optional<std::string> replacement =
        Replacement(ParsePlaceholder(match->body), index, options, text_options);
    out += replacement ? *replacement : text.substr(match->begin, match->end - match->begin);
    copied = match->end;
  }
  out.append(text, copied);
  return out;
}

}  // namespace missive
