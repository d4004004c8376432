// Renders per second on one core for a typical template with three placeholders: text messages
// (GSM downgrading, fragments) and emails (HTML and plain text). Run: build/bench/render_bench

#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "render/email.h"
#include "render/sms.h"

namespace missive {
namespace {

const nlohmann::json kValues = {
    {"name", "Zoé Tremblay"}, {"date", "4 décembre 2026"}, {"reference", "DEM-2026-004821"}};

void BM_RenderSms(benchmark::State& state) {
  SmsContent content{
      "Bonjour ((name)), votre demande ((reference)) a été reçue le ((date)). "
      "Nous vous répondrons d’ici 10 jours ouvrables.",
      "Service Canada", true};
  for (auto _ : state) {
    RenderedSms sms = RenderSms(content, kValues);
    benchmark::DoNotOptimize(sms);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderSms);

void BM_RenderEmail(benchmark::State& state) {
  EmailContent content{
      "Votre demande ((reference))",
      "# Demande reçue\n\nBonjour ((name)),\n\nNous avons reçu votre demande le ((date)). "
      "Voici ce qui suit :\n\n* nous lisons votre dossier\n* nous vous écrivons d’ici 10 jours\n\n"
      "^ Gardez le numéro ((reference)) pour toute question.\n\n"
      "Pour en savoir plus, visitez https://www.canada.ca/fr.html.\n\n"
      "Merci,\n\nL’équipe des prestations"};
  for (auto _ : state) {
    RenderedEmail email = RenderEmail(content, kValues);
    benchmark::DoNotOptimize(email);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderEmail);

}  // namespace
}  // namespace missive

BENCHMARK_MAIN();
