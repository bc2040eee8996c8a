package io.sextant.alarm.raise;

import java.util.Set;
import java.util.TreeSet;

/**
 * The probable causes a catalog may name without declaring them: ITU-T X.721's list (the values
 * X.733 defines), M.3100's additions for transport networks, and the few 3GPP TS 32.111-2 names
 * the built-in catalog uses. Written as TMF642 carries them (lower camel case). A catalog that
 * needs another (a vendor's) declares it under {@code probableCauses:}, so a misspelling is still
 * caught rather than becoming a new cause nobody routes on.
 */
public final class ProbableCauses {
  /** ITU-T X.721 ProbableCause, 1..57. */
  private static final Set<String> X721 = Set.of(
      "adapterError", "applicationSubsystemFailure", "bandwidthReduced", "callEstablishmentError",
      "communicationsProtocolError", "communicationsSubsystemFailure", "configurationOrCustomizationError",
      "congestion", "corruptData", "cpuCyclesLimitExceeded", "dataSetOrModemError", "degradedSignal",
      "dTE-DCEInterfaceError", "enclosureDoorOpen", "equipmentMalfunction", "excessiveVibration", "fileError",
      "fireDetected", "floodDetected", "framingError", "heatingOrVentilationOrCoolingSystemProblem",
      "humidityUnacceptable", "inputOutputDeviceError", "inputDeviceError", "lANError", "leakDetected",
      "localNodeTransmissionError", "lossOfFrame", "lossOfSignal", "materialSupplyExhausted", "multiplexerProblem",
      "outOfMemory", "outputDeviceError", "performanceDegraded", "powerProblem", "pressureUnacceptable",
      "processorProblem", "pumpFailure", "queueSizeExceeded", "receiveFailure", "receiverFailure",
      "remoteNodeTransmissionError", "resourceAtOrNearingCapacity", "responseTimeExcessive",
      "retransmissionRateExcessive", "softwareError", "softwareProgramAbnormallyTerminated", "softwareProgramError",
      "storageCapacityProblem", "temperatureUnacceptable", "thresholdCrossed", "timingProblem", "toxicLeakDetected",
      "transmitFailure", "transmitterFailure", "underlyingResourceUnavailable", "versionMismatch");
  /** ITU-T M.3100's additions (transport and equipment). */
  private static final Set<String> M3100 = Set.of(
      "aIS", "callSetUpFailure", "farEndReceiverFailure", "lossOfPointer", "payloadTypeMismatch",
      "transmissionError", "remoteAlarmInterface", "excessiveBER", "pathTraceMismatch", "backplaneFailure",
      "dataSetProblem", "equipmentIdentifierDuplication", "externalDeviceProblem", "lineCardProblem",
      "nEIdentifierDuplication", "protectionPathFailure", "replaceableUnitMissing", "replaceableUnitTypeMismatch",
      "synchronizationSourceMismatch", "terminalProblem", "trunkCardProblem", "replaceableUnitProblem",
      "realTimeClockFailure", "protectionMechanismFailure", "protectingResourceFailure");
  /** 3GPP TS 32.111-2 names the built-in catalog uses. */
  private static final Set<String> THREE_GPP = Set.of("connectionEstablishmentError");

  private static final Set<String> KNOWN;

  static {
    Set<String> all = new TreeSet<>(X721);
    all.addAll(M3100);
    all.addAll(THREE_GPP);
    KNOWN = Set.copyOf(all);
  }

  private ProbableCauses() {}

  public static boolean known(String cause) {
    return KNOWN.contains(cause);
  }

  /** The known name differing from {@code cause} only in case, for a helpful refusal; null if none. */
  static String nearest(String cause) {
    return KNOWN.stream().filter(k -> k.equalsIgnoreCase(cause)).findFirst().orElse(null);
  }
}
