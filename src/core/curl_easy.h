#pragma once
// libcurl easy handles for Missive's HTTP and SMTP clients: owning handles and header lists,
// libcurl's process-wide start done once, a capped answer buffer, and a pool that lets worker
// threads share a provider's open connections. The pool is thread-safe; a handle is used by one
// thread at a time.
//
//   curl::EasyPool pool;
//   curl::EasyHandle handle = pool.Take();       // null when libcurl cannot make one
//   ... curl_easy_setopt(handle.get(), ...); curl_easy_perform(handle.get()); ...
//   pool.Give(std::move(handle));                 // options reset, connections kept

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <vector>

namespace missive::curl {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// A new handle, after starting libcurl once for the process; null when libcurl cannot make one.
EasyHandle NewEasy();

// A CURLOPT_WRITEFUNCTION that appends the answer to the std::string given as CURLOPT_WRITEDATA,
// keeping at most the first 64 KiB (the rest is read and dropped).
size_t KeepAnswer(char* data, size_t size, size_t count, void* answer);

class EasyPool {
 public:
  explicit EasyPool(size_t max_idle = 8) : max_idle_(max_idle) {}

  // An idle handle (with its open connections) or a new one; null when libcurl cannot make one.
  EasyHandle Take();
  // Resets the handle's options (forgetting the caller's buffers) and keeps it for the next Take,
  // unless max_idle handles are idle already.
  void Give(EasyHandle handle);

 private:
  const size_t max_idle_;
  std::mutex mutex_;
  std::vector<EasyHandle> idle_;
};

}  // namespace missive::curl
