package io.cephiscsi.gateway;

import java.util.List;
import java.util.Map;

/**
 * What upstream's {@code GET /api/settings} reports: the effective control defaults and their limits, per backstore
 * for disks, the RBD feature bits the backstore needs or cannot export, and {@code minimum_gateways}. The Ceph
 * Dashboard checks a create/edit against these before it calls any gateway. Maps keep upstream's key order.
 *
 * @param targetDefaultControls  target/TPG control name to its effective value (Integer or Boolean)
 * @param targetControlsLimits   control name to {@code {min, max, type}} or {@code {type}} ("int", "bool", ...)
 * @param diskDefaultControls    backstore ({@code user:rbd}) to disk control name to effective value
 * @param diskControlsLimits     backstore to disk control name to its limits
 * @param unsupportedRbdFeatures backstore to the RBD feature bits it cannot export
 * @param requiredRbdFeatures    backstore to the RBD feature bits an image must have
 * @param backstores             the backstores this gateway serves
 * @param defaultBackstore       the backstore used when none is given
 * @param minimumGateways        the {@code minimum_gateways} setting
 * @param apiVersion             upstream's API version; the Dashboard reconfigures controls in place from 2 on
 */
public record SettingsView(Map<String, Object> targetDefaultControls,
                           Map<String, Map<String, Object>> targetControlsLimits,
                           Map<String, Map<String, Object>> diskDefaultControls,
                           Map<String, Map<String, Map<String, Object>>> diskControlsLimits,
                           Map<String, Long> unsupportedRbdFeatures, Map<String, Long> requiredRbdFeatures,
                           List<String> backstores, String defaultBackstore, int minimumGateways, int apiVersion) {
}
