#pragma once
// How GC Notify (a Python service) turns a personalisation value into text: Python's str() and
// truthiness applied to what json.loads would have produced. Private to src/render. Thread-safe.
// Known gap: integers beyond 64 bits reach us as floats and print in exponent form, and repr()
// judges printable characters from a short list of ranges, not the whole Unicode database.
//
//   PythonStr(nlohmann::json(1.5));          // "1.5"
//   PythonStr(nlohmann::json(true));         // "True"
//   PythonStr(nlohmann::json::parse("[1, \"a\"]"));  // "[1, 'a']"

#include <nlohmann/json.hpp>
#include <string>

namespace missive::render_internal {

// str(value): strings as they are, everything else as repr().
std::string PythonStr(const nlohmann::json& value);

// repr(value): strings quoted and escaped, None, True, False, numbers, lists and dicts.
std::string PythonRepr(const nlohmann::json& value);

// repr(float): the shortest round-trip digits, with Python's choice of fixed or exponent form.
std::string PythonFloatRepr(double value);

// bool(value): false for None, False, zero, "" and empty lists or dicts.
bool PythonTruthy(const nlohmann::json& value);

}  // namespace missive::render_internal
