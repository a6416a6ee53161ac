import type { EpochMs } from "../domain/index.js";

/**
 * PV model used by the Open-Meteo source and the weather fallback. Documented choices:
 * - Sun position: the low-precision NOAA/Astronomical-Almanac formulas (≈0.01° to 0.1°, plenty
 *   for hourly irradiance).
 * - Transposition: isotropic sky (Liu–Jordan): POA = DNI·cos θ + DHI·(1 + cos β)/2
 *   + GHI·ρ·(1 − cos β)/2, ground albedo ρ = 0.2.
 * - Cell temperature: NOCT model T_cell = T_air + POA·(NOCT − 20)/800, NOCT = 45 °C;
 *   power derating γ = −0.4 %/K above 25 °C.
 * - System losses (wiring, soiling, mismatch, MPPT) as one fraction, default 14 %.
 * - DC power only: the SolarFlow's 800 W inverter limit is the planner's business, not ours.
 */

const RAD = Math.PI / 180;

/** One PV plane (array of modules with one orientation). */
export interface PvPlane {
  /** Tilt from horizontal, degrees (0 = flat, 90 = vertical). */
  readonly tiltDeg: number;
  /** Azimuth, degrees clockwise from north (180 = south, 90 = east). */
  readonly azimuthDeg: number;
  /** Peak DC power at STC, W. */
  readonly peakPowerW: number;
}

export interface PvSite {
  readonly latitudeDeg: number;
  readonly longitudeDeg: number;
  readonly planes: readonly PvPlane[];
  /** Fraction 0..1; default 0.14. */
  readonly systemLoss?: number;
}

export interface SunPosition {
  /** Angle from the zenith, degrees (> 90 = below the horizon). */
  readonly zenithDeg: number;
  /** Degrees clockwise from north. */
  readonly azimuthDeg: number;
}

export function sunPosition(atMs: EpochMs, latitudeDeg: number, longitudeDeg: number): SunPosition {
  const d = atMs / 86_400_000 + 2440587.5 - 2451545.0;
  const g = (357.529 + 0.98560028 * d) * RAD;
  const q = 280.459 + 0.98564736 * d;
  const lambda = (q + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * RAD;
  const eps = (23.439 - 0.00000036 * d) * RAD;
  const ra = Math.atan2(Math.cos(eps) * Math.sin(lambda), Math.cos(lambda));
  const decl = Math.asin(Math.sin(eps) * Math.sin(lambda));
  const gmstDeg = (18.697374558 + 24.06570982441908 * d) * 15;
  const hourAngle = (gmstDeg + longitudeDeg) * RAD - ra;
  const phi = latitudeDeg * RAD;
  const cosZ = Math.sin(phi) * Math.sin(decl) + Math.cos(phi) * Math.cos(decl) * Math.cos(hourAngle);
  const zenith = Math.acos(Math.max(-1, Math.min(1, cosZ)));
  const az = Math.atan2(-Math.sin(hourAngle), Math.tan(decl) * Math.cos(phi) - Math.sin(phi) * Math.cos(hourAngle));
  return { zenithDeg: zenith / RAD, azimuthDeg: ((az / RAD) % 360 + 360) % 360 };
}

/** Irradiance components on the horizontal / normal, W/m². */
export interface Irradiance {
  readonly ghiWm2: number;
  readonly dniWm2: number;
  readonly dhiWm2: number;
}

const ALBEDO = 0.2;

/** Plane-of-array irradiance, W/m² (isotropic sky). */
export function planeIrradiance(irr: Irradiance, sun: SunPosition, plane: Pick<PvPlane, "tiltDeg" | "azimuthDeg">): number {
  const beta = plane.tiltDeg * RAD;
  const z = sun.zenithDeg * RAD;
  const cosTheta = Math.cos(z) * Math.cos(beta) + Math.sin(z) * Math.sin(beta) * Math.cos((sun.azimuthDeg - plane.azimuthDeg) * RAD);
  const beam = sun.zenithDeg < 90 ? irr.dniWm2 * Math.max(0, cosTheta) : 0;
  const sky = irr.dhiWm2 * (1 + Math.cos(beta)) / 2;
  const ground = irr.ghiWm2 * ALBEDO * (1 - Math.cos(beta)) / 2;
  return Math.max(0, beam + sky + ground);
}

const NOCT_C = 45;
const GAMMA_PER_K = -0.004;

/** Temperature derating factor for the given plane irradiance and air temperature. */
export function temperatureFactor(poaWm2: number, airTempC: number): number {
  const cellC = airTempC + (poaWm2 * (NOCT_C - 20)) / 800;
  return Math.max(0, 1 + GAMMA_PER_K * (cellC - 25));
}

/** DC power of all planes, W. */
export function dcPowerW(site: PvSite, irr: Irradiance, sun: SunPosition, airTempC: number): number {
  const loss = site.systemLoss ?? 0.14;
  let sum = 0;
  for (const plane of site.planes) {
    const poa = planeIrradiance(irr, sun, plane);
    sum += (plane.peakPowerW * poa) / 1000 * temperatureFactor(poa, airTempC) * (1 - loss);
  }
  return sum;
}

/** Haurwitz clear-sky GHI, W/m² (0 with the sun below the horizon). */
export function clearSkyGhi(sun: SunPosition): number {
  const cosZ = Math.cos(sun.zenithDeg * RAD);
  return cosZ <= 0 ? 0 : 1098 * cosZ * Math.exp(-0.057 / cosZ);
}

/**
 * Irradiance under a cloud cover (0..100 %): GHI by Kasten–Czeplak
 * (1 − 0.75·(c/100)^3.4) of clear sky; diffuse share 0.2 + 0.8·c/100 (a heuristic: clear skies
 * are mostly beam, overcast all diffuse). For the weather fallback only.
 */
export function cloudyIrradiance(sun: SunPosition, cloudCoverPct: number): Irradiance {
  const c = Math.min(100, Math.max(0, cloudCoverPct)) / 100;
  const ghi = clearSkyGhi(sun) * (1 - 0.75 * c ** 3.4);
  const diffuseShare = 0.2 + 0.8 * c;
  const cosZ = Math.cos(sun.zenithDeg * RAD);
  const dni = cosZ > 0.05 ? (ghi * (1 - diffuseShare)) / cosZ : 0;
  return { ghiWm2: ghi, dniWm2: dni, dhiWm2: ghi * diffuseShare };
}
