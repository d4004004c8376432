// missive reply-to|sms-sender|inbound|key revoke: a service's senders, received texts and keys.

#include <memory>

#include "cli/admin.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "recipients/email_address.h"
#include "store/sqlite_store.h"

namespace missive::cli {
namespace {

// Runs `body` with an open store whose service `service_id` exists.
template <typename F>
int WithService(const Common& common, const std::string& service_id, F&& body) {
  auto store = OpenSqliteStore({.data_dir = common.data_dir});
  if (!store) return Fail(common, store.error().message);
  if (!(*store)->GetService(service_id)) return Fail(common, "no service with id " + service_id);
  return body(**store);
}

void AddReplyToAdd(CLI::App& app, Common& common, int& exit_code) {
  auto* group =
      app.add_subcommand("reply-to", "Manage reply-to email addresses")->require_subcommand(1);
  auto* cmd = group->add_subcommand("add", "Add a reply-to address to a service");
  struct Args {
    std::string service_id, email;
    bool is_default = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--service", args->service_id, "Service id")->required();
  cmd->add_option("--email", args->email, "The address replies go to")->required();
  cmd->add_flag("--default", args->is_default, "Use it when a send names no reply-to id");
  cmd->callback([&common, &exit_code, args] {
    exit_code = WithService(common, args->service_id, [&](Store& store) {
      if (!IsValidEmailAddress(args->email)) return Fail(common, "not a valid email address");
      ReplyTo reply_to{NewUuid(), args->service_id, args->email, args->is_default,
                       SystemClock::Instance().NowMicros()};
      if (Status added = store.AddReplyTo(reply_to); !added) {
        return Fail(common, added.error().message);
      }
      Print(common, {{"id", reply_to.id}, {"email_address", args->email}},
            "Added reply-to " + reply_to.id + " (" + args->email + ")");
      return 0;
    });
  });
}

void AddSmsSenderAdd(CLI::App& app, Common& common, int& exit_code) {
  auto* group =
      app.add_subcommand("sms-sender", "Manage text message senders")->require_subcommand(1);
  auto* cmd = group->add_subcommand("add", "Add a sender name or number to a service");
  struct Args {
    std::string service_id, sender;
    bool is_default = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--service", args->service_id, "Service id")->required();
  cmd->add_option("--sender", args->sender, "Up to 11 characters, or a phone number")->required();
  cmd->add_flag("--default", args->is_default, "Use it when a send names no sender id");
  cmd->callback([&common, &exit_code, args] {
    exit_code = WithService(common, args->service_id, [&](Store& store) {
      if (args->sender.empty() || args->sender.size() > 11) {
        return Fail(common, "a sender is 1 to 11 characters");
      }
      SmsSender sender{NewUuid(), args->service_id, args->sender, args->is_default,
                       SystemClock::Instance().NowMicros()};
      if (Status added = store.AddSmsSender(sender); !added) {
        return Fail(common, added.error().message);
      }
      Print(common, {{"id", sender.id}, {"sms_sender", args->sender}},
            "Added SMS sender " + sender.id + " (" + args->sender + ")");
      return 0;
    });
  });
}

void AddInboundAdd(CLI::App& app, Common& common, int& exit_code) {
  auto* group = app.add_subcommand("inbound", "Received text messages")->require_subcommand(1);
  auto* cmd = group->add_subcommand("add", "Record a text message received for a service");
  struct Args {
    std::string service_id, from, to, text;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--service", args->service_id, "Service id")->required();
  cmd->add_option("--from", args->from, "The sender's number")->required();
  cmd->add_option("--to", args->to, "The service's number it was sent to")->required();
  cmd->add_option("--text", args->text, "The message")->required();
  cmd->callback([&common, &exit_code, args] {
    exit_code = WithService(common, args->service_id, [&](Store& store) {
      ReceivedText text{NewUuid(),  args->service_id, args->to,
                        args->from, args->text,       SystemClock::Instance().NowMicros()};
      if (Status added = store.InsertReceivedText(text); !added) {
        return Fail(common, added.error().message);
      }
      Print(common, {{"id", text.id}}, "Recorded received text " + text.id);
      return 0;
    });
  });
}

}  // namespace

void AddServiceCommands(CLI::App& app, Common& common, int& exit_code) {
  AddReplyToAdd(app, common, exit_code);
  AddSmsSenderAdd(app, common, exit_code);
  AddInboundAdd(app, common, exit_code);
}

}  // namespace missive::cli
