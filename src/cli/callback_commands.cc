// missive callback set|show: where a service's callbacks go: delivery statuses, complaints and
// received text messages, each to its own URL.

#include <algorithm>
#include <memory>

#include "callbacks/callback_settings.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "store/sqlite_store.h"

namespace missive::cli {
namespace {

using nlohmann::ordered_json;

// Runs `body` with an open store whose service `service_id` exists.
template <typename F>
int WithService(const Common& common, const std::string& service_id, F&& body) {
  auto store = OpenSqliteStore({.data_dir = common.data_dir});
  if (!store) return Fail(common, store.error().message);
  if (!(*store)->GetService(service_id)) return Fail(common, "no service with id " + service_id);
  return body(**store);
}

// The --type option shared by set and show; its value is checked by CLI11.
void AddTypeOption(CLI::App& cmd, std::string& type) {
  cmd.add_option("--type", type, "Which reports: delivery-status (default), complaint, inbound-sms")
      ->check(CLI::IsMember({"delivery-status", "complaint", "inbound-sms"}));
}

CallbackKind KindOf(std::string type) {
  std::replace(type.begin(), type.end(), '-', '_');
  return ParseCallbackKind(type).value_or(CallbackKind::kDeliveryStatus);
}

// "Delivery statuses", "Complaints", "Received text messages".
std::string Reports(CallbackKind kind) {
  switch (kind) {
    case CallbackKind::kDeliveryStatus:
      return "Delivery statuses";
    case CallbackKind::kComplaint:
      return "Complaints";
    case CallbackKind::kInboundSms:
      return "Received text messages";
  }
  return "Reports";
}

ordered_json TimeOrNull(const std::optional<Micros>& at) {
  return at ? ordered_json(FormatTimestamp(*at)) : ordered_json(nullptr);
}

void AddCallbackSet(CLI::App& group, Common& common, int& exit_code) {
  auto* cmd = group.add_subcommand(
      "set",
      "Set where the service's delivery statuses (or complaints, or received text messages) are "
      "POSTed. The URL must be https, except that http is accepted for localhost, 127.0.0.1 and "
      "[::1]; replaces any callback of that type set before");
  struct Args {
    std::string service_id, url, token, type = "delivery-status";
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--service", args->service_id, "Service id")->required();
  cmd->add_option("--url", args->url, "https:// URL (http:// only for a loopback host)")
      ->required();
  cmd->add_option("--token", args->token,
                  "Bearer token sent in the Authorization header; at least 10 characters; "
                  "stored encrypted and never shown")
      ->required();
  AddTypeOption(*cmd, args->type);
  cmd->callback([&common, &exit_code, args] {
    exit_code = WithService(common, args->service_id, [&](Store& store) {
      if (Status url = CheckCallbackUrl(args->url); !url) {
        return Fail(common, "--url: " + url.error().message);
      }
      if (Status token = CheckBearerToken(args->token); !token) {
        return Fail(common, "--token: " + token.error().message);
      }
      CallbackKind kind = KindOf(args->type);
      ServiceCallback callback{args->service_id, args->url,
                               args->token,      SystemClock::Instance().NowMicros(),
                               std::nullopt,     kind};
      if (Status saved = store.SetServiceCallback(callback); !saved) {
        return Fail(common, saved.error().message);
      }
      Print(
          common,
          {{"service_id", args->service_id}, {"type", CallbackKindName(kind)}, {"url", args->url}},
          Reports(kind) + " of service " + args->service_id + " go to " + args->url);
      return 0;
    });
  });
}

void AddCallbackShow(CLI::App& group, Common& common, int& exit_code) {
  auto* cmd = group.add_subcommand("show", "Show the service's callback URL (not its token)");
  auto service_id = std::make_shared<std::string>();
  auto type = std::make_shared<std::string>("delivery-status");
  cmd->add_option("--service", *service_id, "Service id")->required();
  AddTypeOption(*cmd, *type);
  cmd->callback([&common, &exit_code, service_id, type] {
    exit_code = WithService(common, *service_id, [&](Store& store) {
      CallbackKind kind = KindOf(*type);
      auto callback = store.GetServiceCallback(*service_id, kind);
      if (!callback && callback.error().code != ErrorCode::kNotFound) {
        return Fail(common, callback.error().message);
      }
      if (!callback) {
        Print(common,
              {{"service_id", *service_id}, {"type", CallbackKindName(kind)}, {"url", nullptr}},
              "Service " + *service_id + " has no " + *type + " callback");
        return 0;
      }
      Print(common,
            {{"service_id", *service_id},
             {"type", CallbackKindName(kind)},
             {"url", callback->url},
             {"created_at", FormatTimestamp(callback->created_at)},
             {"updated_at", TimeOrNull(callback->updated_at)}},
            Reports(kind) + " of service " + *service_id + " go to " + callback->url +
                " (bearer token set, not shown)");
      return 0;
    });
  });
}

}  // namespace

void AddCallbackCommands(CLI::App& app, Common& common, int& exit_code) {
  auto* group = app.add_subcommand("callback", "A service's callbacks")->require_subcommand(1);
  AddCallbackSet(*group, common, exit_code);
  AddCallbackShow(*group, common, exit_code);
}

}  // namespace missive::cli
