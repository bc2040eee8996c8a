package io.sextant.alarm.silence;

class InMemorySilenceStoreTest extends SilenceStoreContract {
  @Override
  protected SilenceStore store() {
    return new InMemorySilenceStore();
  }
}
