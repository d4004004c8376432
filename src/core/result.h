#pragma once
// Result<T>: the value of an operation that can fail in an expected way (bad input, not found,
// a refused SMTP command). Exceptions are kept for programming errors and for libraries that
// throw; they are caught at module boundaries and turned into a Result.
//
//   Result<Template> t = store.GetTemplate(service_id, template_id);
//   if (!t) return t.error();
//   Use(t.value());

#include <string>
#include <utility>
#include <variant>

namespace missive {

// Error kinds that callers branch on. The message is for people and logs.
enum class ErrorCode {
  kInvalid,      // the input is malformed
  kNotFound,     // the thing asked for does not exist (or is not visible to the caller)
  kConflict,     // a uniqueness or state rule refused the change
  kUnavailable,  // a dependency is down or busy; trying again later may work
  kRejected,     // a peer refused for good (SMTP 5xx, provider validation)
  kInternal,     // a bug or an unexpected library failure
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

inline Error MakeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

// E is the error type: Error by default; the API layer uses its own (an HTTP error body).
template <typename T, typename E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(E error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const { return std::get<E>(state_); }

 private:
  std::variant<T, E> state_;
};

// Result<void>: success carries nothing.
template <typename E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  Result(E error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const E& error() const { return error_; }

 private:
  E error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace missive
