// missive serve: the API, the delivery workers, the callback senders and the store in one
// process.

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "api/api.h"
#include "api/auth.h"
#include "api/http_server.h"
#include "callbacks/callback_sender.h"
#include "cli/admin.h"
#include "cli/commands.h"
#include "delivery/bounce_reader.h"
#include "delivery/email_sender.h"
#include "delivery/kannel_provider.h"
#include "delivery/sms_provider.h"
#include "delivery/workers.h"
#include "recipients/email_address.h"
#include "store/sqlite_store.h"

namespace missive::cli {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:6011";
  std::string smtp_url;
  std::string smtp_user;
  std::string smtp_password;
  std::string email_domain = "notifications.localhost";
  std::string public_url;
  std::vector<std::string> sms_providers;  // kind:url specs
  int workers = 16;
  double retry_base_seconds = 1.0;
  double retry_cap_seconds = 300.0;
  double lease_seconds = 120.0;
  double callback_retry_seconds = 300.0;
  std::string bounce_address;
  std::string bounce_maildir;
  double bounce_poll_seconds = 5.0;
  bool demo = false;
};

constexpr const char* kDemoKeyFile = "demo-key.txt";

const char* kDemoEnglish =
    "Hello ((name)),\n\nWe received your request on ((date)).\n\nWe will write to you again "
    "within 10 business days.\n\nThe Missive demo team";
const char* kDemoFrench =
    "Bonjour ((name)),\n\nNous avons reçu votre demande le ((date)).\n\nNous vous écrirons de "
    "nouveau d’ici 10 jours ouvrables.\n\nL’équipe de démonstration Missive";

// Where --listen points: "HOST:PORT" or ":PORT".
Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return MakeError(ErrorCode::kInvalid, "--listen is HOST:PORT");
  std::string host = colon == 0 ? "127.0.0.1" : listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  try {
    int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    return std::pair{host, static_cast<uint16_t>(port)};
  } catch (const std::exception&) {
    return MakeError(ErrorCode::kInvalid, "--listen port must be a number from 0 to 65535");
  }
}

std::string DemoCurl(const std::string& base, const std::string& key, const std::string& id) {
  return "curl -s " + base + "/v2/notifications/email \\\n  -H 'Authorization: ApiKey-v1 " + key +
         "' \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"email_address\": "
         "\"someone@example.com\", \"template_id\": \"" +
         id + "\", \"personalisation\": {\"name\": \"Alex\", \"date\": \"4 December\"}}'";
}

// Creates the demo service, key and templates on an empty store, saving the key and template id in
// the data directory; returns the curl to paste, for this server's address.
Result<std::string> SetUpDemo(Store& store, const std::string& data_dir, const std::string& base) {
  std::string saved_file = data_dir + "/" + kDemoKeyFile;
  auto services = store.ListServices();
  if (!services) return services.error();
  if (!services->empty()) {
    std::ifstream saved(saved_file);
    std::string key, template_id;
    if (saved >> key >> template_id) return DemoCurl(base, key, template_id);
    return std::string("(the data directory already holds services; no demo was set up)");
  }
  auto service = CreateService(store, "Missive demo", "demo", true);
  if (!service) return service.error();
  auto key = CreateKey(store, service->id, "demo", KeyType::kNormal);
  if (!key) return key.error();
  auto english = CreateTemplate(store, service->id, TemplateType::kEmail, "Request received",
                                "We received your request", kDemoEnglish);
  auto french = CreateTemplate(store, service->id, TemplateType::kEmail, "Demande reçue",
                               "Nous avons reçu votre demande", kDemoFrench);
  if (!english || !french) return MakeError(ErrorCode::kInternal, "cannot create demo templates");
  std::ofstream(saved_file) << FormatApiKey(*key) << "\n" << english->id << "\n";
  ::chmod(saved_file.c_str(), 0600);
  return DemoCurl(base, FormatApiKey(*key), english->id);
}

std::unique_ptr<EmailSender> MakeSender(const ServeArgs& args, const std::string& data_dir) {
  if (args.smtp_url.empty()) return MakeOutboxSender(data_dir + "/outbox");
  return MakeSmtpSender(
      {.url = args.smtp_url, .username = args.smtp_user, .password = args.smtp_password});
}

struct SmsSetup {
  std::shared_ptr<SmsProvider> provider;
  std::vector<std::string> kannel_secrets;  // for the API's /providers/kannel routes
};

// The SMS provider --sms-provider names, or the outbox without one. Known gap: only one provider
// (of kind kannel) can be given; several, for priority and failover, are refused.
Result<SmsSetup> MakeSmsSetup(const ServeArgs& args, const std::string& data_dir,
                              const std::string& public_url) {
  if (args.sms_providers.empty())
    return SmsSetup{MakeSmsOutbox(data_dir + "/outbox/sms.jsonl"), {}};
  if (args.sms_providers.size() > 1) {
    return MakeError(ErrorCode::kInvalid, "--sms-provider: only one provider is supported");
  }
  const std::string& spec = args.sms_providers.front();
  if (spec.rfind("kannel:", 0) != 0) {
    return MakeError(ErrorCode::kInvalid, "--sms-provider: the only kind is kannel:URL");
  }
  auto config = ParseKannelSpec(spec);
  if (!config) return MakeError(ErrorCode::kInvalid, "--sms-provider: " + config.error().message);
  config->public_url = public_url;
  std::string secret = config->receipt_secret;
  return SmsSetup{MakeKannelProvider(std::move(config).value()), {secret}};
}

// Blocks SIGINT and SIGTERM in every thread started after this, then waits for one.
class SignalWaiter {
 public:
  SignalWaiter() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
  }
  int Wait() {
    int signal = 0;
    sigwait(&set_, &signal);
    return signal;
  }

 private:
  sigset_t set_;
};

// The bounce reader when --bounce-maildir is given; null otherwise.
std::unique_ptr<BounceReader> MakeBounceReader(Store& store, const ServeArgs& args) {
  if (args.bounce_maildir.empty()) return nullptr;
  BounceReaderOptions options{.maildir = args.bounce_maildir,
                              .bounce_address = args.bounce_address,
                              .poll_interval = static_cast<Micros>(args.bounce_poll_seconds * 1e6)};
  return std::make_unique<BounceReader>(store, SystemClock::Instance(), options);
}

int Serve(const Common& common, const ServeArgs& args) {
  SignalWaiter signals;
  auto listen = ParseListen(args.listen);
  if (!listen) return Fail(common, listen.error().message);
  if (!args.bounce_address.empty() && !IsValidEmailAddress(args.bounce_address)) {
    return Fail(common, "--bounce-address is not a valid email address");
  }
  auto store = OpenSqliteStore({.data_dir = common.data_dir});
  if (!store) return Fail(common, store.error().message);

  WorkerOptions worker_options{.threads = args.workers,
                               .lease = static_cast<Micros>(args.lease_seconds * 1e6),
                               .retry_base = static_cast<Micros>(args.retry_base_seconds * 1e6),
                               .retry_cap = static_cast<Micros>(args.retry_cap_seconds * 1e6),
                               .email_domain = args.email_domain,
                               .bounce_address = args.bounce_address};
  worker_options.public_url = args.public_url.empty() ? "http://" + args.listen : args.public_url;
  auto sms = MakeSmsSetup(args, common.data_dir, worker_options.public_url);
  if (!sms) return Fail(common, sms.error().message);
  DeliveryWorkers workers(
      **store, SystemClock::Instance(), [&] { return MakeSender(args, common.data_dir); },
      [&] { return sms->provider; }, worker_options);
  ApiOptions api_options{.email_domain = args.email_domain, .public_url = args.public_url};
  api_options.kannel_secrets = sms->kannel_secrets;
  Api api(**store, SystemClock::Instance(), api_options, [&workers] { workers.Wake(); });
  HttpServer server({.address = listen->first, .port = listen->second},
                    [&api](const HttpRequest& request) { return api.Handle(request); });
  CallbackOptions callback_options;
  callback_options.retry_delay = static_cast<Micros>(args.callback_retry_seconds * 1e6);
  CallbackSender callbacks(**store, SystemClock::Instance(), callback_options);
  std::unique_ptr<BounceReader> bounces = MakeBounceReader(**store, args);
  if (Status started = bounces ? bounces->Start() : Status(); !started) {
    return Fail(common, "--bounce-maildir: " + started.error().message);
  }
  auto port = server.Start();
  if (!port) return Fail(common, port.error().message);
  workers.Start();
  callbacks.Start();

  std::string base = "http://" + listen->first + ":" + std::to_string(*port);
  spdlog::info("event=listening url={} data_dir={} email={} sms={}", base, common.data_dir,
               args.smtp_url.empty() ? "outbox" : args.smtp_url, sms->provider->Name());
  if (args.demo) {
    auto curl = SetUpDemo(**store, common.data_dir, base);
    if (!curl) return Fail(common, curl.error().message);
    std::cout << "Missive is running at " << base << ". Send the demo email with:\n\n"
              << *curl << "\n\nOutgoing email lands in "
              << (args.smtp_url.empty() ? common.data_dir + "/outbox/" : args.smtp_url)
              << ". Press Ctrl-C to stop." << std::endl;
  }

  int signal = signals.Wait();
  spdlog::info("event=stopping signal={}", signal);
  server.Stop();
  workers.Stop();
  callbacks.Stop();
  if (bounces) bounces->Stop();
  spdlog::info("event=stopped");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, Common& common, int& exit_code) {
  auto* cmd =
      app.add_subcommand("serve", "Run the API, the delivery workers and the callback senders");
  auto args = std::make_shared<ServeArgs>();
  cmd->add_option("--listen", args->listen, "HOST:PORT for the API")
      ->envname("MISSIVE_LISTEN")
      ->capture_default_str();
  cmd->add_option("--smtp-url", args->smtp_url,
                  "smtp://HOST:PORT; without it, email goes to outbox/")
      ->envname("MISSIVE_SMTP_URL");
  cmd->add_option("--smtp-user", args->smtp_user, "SMTP user name")->envname("MISSIVE_SMTP_USER");
  cmd->add_option("--smtp-password", args->smtp_password, "SMTP password")
      ->envname("MISSIVE_SMTP_PASSWORD");
  cmd->add_option("--email-domain", args->email_domain, "Domain of the From addresses")
      ->envname("MISSIVE_EMAIL_DOMAIN")
      ->capture_default_str();
  cmd->add_option("--public-url", args->public_url, "Base of URIs in responses (default: Host)")
      ->envname("MISSIVE_PUBLIC_URL");
  cmd->add_option("--sms-provider", args->sms_providers,
                  "Where text messages go, as KIND:URL; the kind is kannel: "
                  "kannel:http://HOST:PORT/cgi-bin/sendsms?username=U&password=P&from=F&"
                  "receipt_secret=S (Kannel calls back <public-url>/providers/kannel/...). "
                  "Without it, SMS go to outbox/sms.jsonl")
      ->envname("MISSIVE_SMS_PROVIDER");
  cmd->add_option("--workers", args->workers, "Delivery threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--retry-base", args->retry_base_seconds,
                  "Seconds before the first retry of a failed send; doubles each time")
      ->check(CLI::Range(0.01, 3600.0))
      ->capture_default_str();
  cmd->add_option("--retry-cap", args->retry_cap_seconds,
                  "Longest wait in seconds between two attempts of a send (48 attempts in all)")
      ->check(CLI::Range(0.01, 86400.0))
      ->capture_default_str();
  cmd->add_option("--lease-seconds", args->lease_seconds,
                  "How long a delivery thread holds a notification it took; after a crash, "
                  "another takes it over once this has passed. Keep it above the SMTP timeout")
      ->check(CLI::Range(1.0, 86400.0))
      ->capture_default_str();
  cmd->add_option("--callback-retry-seconds", args->callback_retry_seconds,
                  "Seconds between attempts to POST a delivery-status callback (5 retries)")
      ->check(CLI::Range(0.01, 86400.0))
      ->capture_default_str();
  cmd->add_option("--bounce-address", args->bounce_address,
                  "Where bounces go (bounces@example.ca): each email's envelope sender becomes "
                  "bounces+<notification id>@example.ca (VERP). Default: the From address")
      ->envname("MISSIVE_BOUNCE_ADDRESS");
  cmd->add_option("--bounce-maildir", args->bounce_maildir,
                  "Maildir the bounce address is delivered to; its delivery reports and abuse "
                  "complaints update statuses and fire callbacks")
      ->envname("MISSIVE_BOUNCE_MAILDIR");
  cmd->add_option("--bounce-poll-seconds", args->bounce_poll_seconds,
                  "Seconds between two looks at the bounce Maildir")
      ->check(CLI::Range(0.01, 3600.0))
      ->capture_default_str();
  cmd->add_flag("--demo", args->demo, "On an empty data directory, create a demo service");
  cmd->callback([&common, &exit_code, args] { exit_code = Serve(common, *args); });
}

}  // namespace missive::cli
